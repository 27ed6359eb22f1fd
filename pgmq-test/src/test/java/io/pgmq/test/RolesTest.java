package io.pgmq.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Roles a manifest grants to are created by the harness when the test names them. */
@PgmqTest(
    locations = {"classpath:db/pgmq", "classpath:db/grants"},
    roles = "pgmq_test_sender")
class RolesTest {

  @Test
  void namedRole_existsBeforeMigrationsGrantToIt(DataSource ds) throws SQLException {
    try (Connection c = ds.getConnection();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT has_column_privilege('pgmq_test_sender', 'pg_mq_queue_granted', 'payload', 'INSERT')")) {
      rs.next();
      assertThat(rs.getBoolean(1)).isTrue();
    }
  }

  @Test
  void grantToMissingRole_failsSayingWhichRoleToAdd() {
    DatabaseSetup setup =
        new DatabaseSetup(
            "public",
            List.of("classpath:db/pgmq", "classpath:db/missingrole"),
            DatabaseSetup.CORE_HISTORY_TABLE,
            List.of());

    assertThatThrownBy(() -> PgmqDatabase.create("missingrole", setup))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("pgmq_test_role_nobody_creates")
        .hasMessageContaining("roles = {\"pgmq_test_role_nobody_creates\"}");
  }
}
