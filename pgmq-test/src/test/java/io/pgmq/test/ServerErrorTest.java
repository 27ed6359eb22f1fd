package io.pgmq.test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ServerErrorTest {

  @Test
  void unreachableServer_messageNamesSourceUrlAndFixButNotPassword() {
    // port 1 on loopback: nothing listens, the connection is refused at once
    JdbcUrl url = JdbcUrl.parse("jdbc:postgresql://127.0.0.1:1/postgres?password=s3cret");

    assertThatThrownBy(
            () -> SharedServer.connect(SharedServer.URL_ENV, url, "postgres", "s3cret", "Do X."))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("PGMQ_TEST_JDBC_URL")
        .hasMessageContaining("jdbc:postgresql://127.0.0.1:1/postgres")
        .hasMessageContaining("Do X.")
        .message()
        .doesNotContain("s3cret");
  }
}
