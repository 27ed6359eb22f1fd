package io.pgmq.schema;

import static io.pgmq.schema.Sql.rows;
import static io.pgmq.schema.Sql.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgmq.test.PgmqDatabase;
import io.pgmq.test.PgmqTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The SQL core at a glance, generated from the catalog of a freshly migrated database so that neither can drift from
 * the migrations: {@code pgmq-schema/definitions/current.sql} (every pgmq function's current definition, as
 * pg_get_functiondef prints it, so a reader finds the live body without replaying V1..Vn) and
 * {@code docs/reference/sql.md} (every function's signature, purpose, security and privileges). Both are committed;
 * this test fails when either is stale. Regenerate them with {@value #REGENERATE} and review the diff.
 */
@PgmqTest
class CurrentDefinitionsTest {

  static final String REGENERATE = "./mvnw -B -pl pgmq-test -am verify -Dtest=CurrentDefinitionsTest"
      + " -Dsurefire.failIfNoSpecifiedTests=false -Dpgmq.updateDefinitions=true";

  private static final Path DEFINITIONS = Path.of("pgmq-schema/definitions/current.sql");
  private static final Path REFERENCE = Path.of("docs/reference/sql.md");

  @Test
  void definitionsFile_matchesTheMigratedDatabase(PgmqDatabase db) throws SQLException, IOException {
    try (Connection c = db.connect()) {
      assertGenerated(DEFINITIONS, SqlReference.definitions(latestMigration(c), functions(c)));
    }
  }

  @Test
  void sqlReference_matchesTheMigratedDatabase(PgmqDatabase db) throws SQLException, IOException {
    try (Connection c = db.connect()) {
      assertGenerated(REFERENCE, SqlReference.reference(latestMigration(c), functions(c)));
    }
  }

  /** The reference's purpose and privileges come from COMMENT ON FUNCTION: a new function must say both. */
  @Test
  void everyPgmqFunction_hasACommentSayingWhatItDoesAndWhatItNeeds(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      assertThat(functions(c))
          .filteredOn(f -> !SqlReference.isDocumented(f.comment()))
          .extracting(SqlReference.Function::signature)
          .as("pgmq functions without a COMMENT ON FUNCTION of the form '<what it does>. Needs: <privileges>.';"
              + " add one in the migration that creates the function")
          .isEmpty();
    }
  }

  private static List<SqlReference.Function> functions(Connection c) throws SQLException {
    List<Map<String, Object>> found = rows(c, """
        SELECT p.proname::text AS name, p.oid::regprocedure::text AS signature,
               pg_get_function_arguments(p.oid) AS arguments, pg_get_function_result(p.oid) AS result,
               p.prosecdef AS definer, p.prorettype = 'trigger'::regtype AS trigger,
               coalesce(array_to_string(p.proconfig, ';') LIKE '%search_path=%', false) AS pinned,
               has_function_privilege('public', p.oid, 'EXECUTE') AS public_execute,
               obj_description(p.oid, 'pg_proc') AS comment, pg_get_functiondef(p.oid) AS definition
          FROM pg_proc p
         WHERE p.pronamespace = current_schema()::regnamespace AND p.proname LIKE 'pg\\_mq\\_%'""");
    return found.stream()
        .map(r -> new SqlReference.Function((String) r.get("name"), (String) r.get("signature"),
            (String) r.get("arguments"), (String) r.get("result"), (Boolean) r.get("definer"),
            (Boolean) r.get("trigger"), (Boolean) r.get("pinned"), (Boolean) r.get("public_execute"),
            (String) r.get("comment"), (String) r.get("definition")))
        // String order, not the server's collation, so that every server writes the same file
        .sorted(Comparator.comparing(SqlReference.Function::name).thenComparing(SqlReference.Function::signature))
        .toList();
  }

  private static String latestMigration(Connection c) throws SQLException {
    return value(c, String.class,
        "SELECT script FROM pgmq_schema_history WHERE success ORDER BY installed_rank DESC LIMIT 1");
  }

  /** Compares {@code file} (relative to the repository root) with {@code generated}, or rewrites it when updating. */
  private static void assertGenerated(Path file, String generated) throws IOException {
    Path path = repositoryRoot().resolve(file);
    if (Boolean.getBoolean("pgmq.updateDefinitions")) {
      Files.createDirectories(path.getParent());
      Files.writeString(path, generated, StandardCharsets.UTF_8);
      return;
    }
    assertThat(path).as("%s is missing: generate it with %s", file, REGENERATE).isRegularFile();
    assertThat(Files.readString(path, StandardCharsets.UTF_8))
        .as("%s is stale (the migrations changed): regenerate it with %s and review the diff", file, REGENERATE)
        .isEqualTo(generated);
  }

  /** The repository's root: surefire runs in the module's folder, one below it. */
  private static Path repositoryRoot() {
    Path root = Path.of("").toAbsolutePath().getParent();
    assertThat(root.resolve("pgmq-schema/src/main/resources/db/pgmq"))
        .as("the repository root, expected one folder above pgmq-test").isDirectory();
    return root;
  }
}
