package io.pgmq.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JdbcUrlTest {

  @Test
  void withDatabase_replacesNameAndKeepsQuery() {
    JdbcUrl url = JdbcUrl.parse("jdbc:postgresql://127.0.0.1:5432/postgres?sslmode=disable&user=me");
    assertThat(url.withDatabase("pgmq_t_x_01234567"))
        .isEqualTo("jdbc:postgresql://127.0.0.1:5432/pgmq_t_x_01234567?sslmode=disable&user=me");
    assertThat(url.parameter("user")).contains("me");
  }

  @Test
  void withDatabase_handlesUrlWithoutDatabaseOrHost() {
    assertThat(JdbcUrl.parse("jdbc:postgresql://db.local").withDatabase("d"))
        .isEqualTo("jdbc:postgresql://db.local/d");
    assertThat(JdbcUrl.parse("jdbc:postgresql:postgres").withDatabase("d"))
        .isEqualTo("jdbc:postgresql:d");
  }

  @Test
  void redacted_hidesPassword() {
    JdbcUrl url = JdbcUrl.parse("jdbc:postgresql://h/postgres?user=u&password=s3cret&ssl=true");
    assertThat(url.redacted())
        .doesNotContain("s3cret")
        .isEqualTo("jdbc:postgresql://h/postgres?user=u&password=***&ssl=true");
  }

  @Test
  void parse_rejectsOtherDatabasesWithExample() {
    assertThatThrownBy(() -> JdbcUrl.parse("jdbc:mysql://h/db"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jdbc:postgresql://127.0.0.1:5432/postgres");
  }
}
