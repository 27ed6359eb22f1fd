package io.pgmq.schema;

import static io.pgmq.schema.Sql.message;
import static io.pgmq.schema.Sql.sqlError;
import static io.pgmq.schema.Sql.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgmq.test.PgmqDatabase;
import io.pgmq.test.PgmqTest;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.util.PSQLException;

/**
 * The shared list of channel names ({@code pgmq-schema/src/test/resources/channel-names.tsv}) through
 * {@code pg_mq_check_channel_name}: the same verdicts as the Java rule ({@link ChannelName}), in the same words.
 */
@PgmqTest
class ChannelNameListTest {

  static List<ChannelNameCase> cases() {
    return ChannelNameCase.all();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("cases")
  void checkChannelName_givesTheSharedVerdictInTheJavaRulesWords(ChannelNameCase name, PgmqDatabase db)
      throws SQLException {
    try (Connection c = db.connect()) {
      if (name.refusal().isEmpty()) {
        assertThat(value(c, String.class, "SELECT pg_mq_check_channel_name(?)::text", name.name()))
            .isEqualTo(ChannelName.TABLE_PREFIX + name.name());
        assertThat(ChannelName.problem(name.name())).isEmpty();
        return;
      }
      PSQLException e = sqlError(() -> value(c, String.class, "SELECT pg_mq_check_channel_name(?)::text", name.name()));

      ChannelName.Invalid java = ChannelName.problem(name.name()).orElseThrow();
      assertThat(e.getSQLState()).isEqualTo("PQ003");
      assertThat(java.reason()).isEqualTo(name.refusal().get());
      assertThat(message(e)).isEqualTo(java.message());
    }
  }
}
