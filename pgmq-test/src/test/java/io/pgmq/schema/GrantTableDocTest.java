package io.pgmq.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 14: the README (and docs/privileges.md) state column by column what each grant allows on a channel table.
 * This holds those tables to {@link PrivilegeMatrix}, which {@code PrivilegeMatrixTest} holds to the database: every
 * column of a channel table has a row, and each row names exactly the privileges the matrix gives the sender and the
 * receiver.
 */
class GrantTableDocTest {

  private static final String HEADER = "| column | `pg_mq_grant_send` | `pg_mq_grant_receive` |";
  private static final Pattern COLUMN = Pattern.compile("`([a-z_]+)`");

  @ParameterizedTest
  @ValueSource(strings = {"../README.md", "../docs/privileges.md"})
  void grantTable_statesEveryColumnAsTheMatrixDoes(String page) throws IOException {
    Map<String, String[]> rows = rows(Files.readString(Path.of(page)), page);

    assertThat(rows.keySet()).as("%s: the columns of the grant table", page)
        .containsExactlyInAnyOrderElementsOf(PrivilegeMatrix.COLUMNS);
    List<String> wrong = new ArrayList<>();
    rows.forEach((column, cells) -> {
      check(wrong, page, column, "pg_mq_grant_send", cells[0], Map.of(
          "SELECT", PrivilegeMatrix.SENDER_SELECTS.contains(column),
          "INSERT", PrivilegeMatrix.SENDER_INSERTS.contains(column),
          "UPDATE", false));
      check(wrong, page, column, "pg_mq_grant_receive", cells[1], Map.of(
          "SELECT", true,
          "INSERT", false,
          "UPDATE", PrivilegeMatrix.RECEIVER_UPDATES.contains(column)));
    });
    assertThat(wrong).as("%s: grant table against PrivilegeMatrix", page).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"../README.md", "../docs/privileges.md"})
  void grantTable_givesTheRowToSendersAsInsertAndToReceiversAsDelete(String page) throws IOException {
    String text = Files.readString(Path.of(page));
    assertThat(text).as(page).contains("| the row | INSERT | DELETE");
  }

  /** The table's rows by column name: a row naming several columns counts for each. */
  private static Map<String, String[]> rows(String text, String page) {
    int at = text.indexOf(HEADER);
    assertThat(at).as("%s must have the grant table, headed %s", page, HEADER).isNotNegative();
    Map<String, String[]> rows = new LinkedHashMap<>();
    String[] lines = text.substring(at).split("\n");
    for (int i = 2; i < lines.length && lines[i].startsWith("|"); i++) {
      String[] cells = lines[i].split("\\|");
      // cells[0] is empty (the leading '|'); 1 = columns, 2 = send, 3 = receive
      Matcher m = COLUMN.matcher(cells[1]);
      while (m.find()) {
        rows.put(m.group(1), new String[] {cells[2], cells[3]});
      }
    }
    return rows;
  }

  private static void check(List<String> wrong, String page, String column, String grant, String cell,
      Map<String, Boolean> expected) {
    for (Map.Entry<String, Boolean> e : expected.entrySet()) {
      // "SELECT (for INSERT ... RETURNING msg_id)": only the words before a parenthesis are the grant
      String granted = cell.replaceAll("\\(.*?\\)", "");
      boolean says = Set.of(granted.replace(",", " ").trim().split("\\s+")).contains(e.getKey());
      if (says != e.getValue()) {
        wrong.add(column + ": the " + grant + " cell \"" + cell.trim() + "\" " + (says ? "gives" : "lacks") + " "
            + e.getKey() + ", but PrivilegeMatrix " + (e.getValue() ? "gives it" : "does not"));
      }
    }
  }
}
