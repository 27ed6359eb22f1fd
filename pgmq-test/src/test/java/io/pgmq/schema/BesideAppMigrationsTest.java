package io.pgmq.schema;

import static io.pgmq.schema.Sql.column;
import static io.pgmq.schema.Sql.sendText;
import static io.pgmq.schema.Sql.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgmq.test.PgmqDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Test;

/**
 * pgmq migrated into a schema that already holds an application's tables and its own Flyway history:
 * pgmq keeps its own history table and baselines at 0 so that V1 and later still run.
 */
class BesideAppMigrationsTest {

  @Test
  void pgmqWithOwnHistoryAndBaseline_migratesBesideTheApp_andBothHistoriesStayIntact() throws SQLException {
    try (PgmqDatabase db = PgmqDatabase.create("public")) {
      migrateApp(db);

      pgmq(db).baselineOnMigrate(true).baselineVersion("0").load().migrate();

      try (Connection c = db.connect()) {
        assertThat(column(c, String.class,
                "SELECT version || ':' || success FROM flyway_schema_history ORDER BY installed_rank"))
            .containsExactly("1:true");
        assertThat(column(c, String.class,
                "SELECT version || ':' || type || ':' || success FROM pgmq_schema_history ORDER BY installed_rank"))
            .startsWith("0:BASELINE:true", "1:SQL:true", "2:SQL:true")
            .allMatch(row -> row.endsWith(":true"));
        assertThat(value(c, String.class, "SELECT name FROM app_customer")).isEqualTo("first customer");
        Sql.createQueue(c, "app_events", "text");
        sendText(c, "app_events", "works");
      }
      // the application's own Flyway still sees its history as up to date
      assertThat(app(db).load().validateWithResult().validationSuccessful).isTrue();
    }
  }

  @Test
  void pgmqWithoutBaseline_isRefusedByFlywayOnTheAppsNonEmptySchema() throws SQLException {
    try (PgmqDatabase db = PgmqDatabase.create("public")) {
      migrateApp(db);

      assertThatThrownBy(() -> pgmq(db).load().migrate())
          .isInstanceOf(FlywayException.class)
          .hasMessageContaining("non-empty schema");
    }
  }

  private static void migrateApp(PgmqDatabase db) {
    app(db).load().migrate();
  }

  private static org.flywaydb.core.api.configuration.FluentConfiguration app(PgmqDatabase db) {
    return Flyway.configure().dataSource(db.dataSource()).locations("classpath:db/app");
  }

  private static org.flywaydb.core.api.configuration.FluentConfiguration pgmq(PgmqDatabase db) {
    return Flyway.configure()
        .dataSource(db.dataSource())
        .schemas("public")
        .defaultSchema("public")
        .table("pgmq_schema_history")
        .locations("classpath:db/pgmq");
  }
}
