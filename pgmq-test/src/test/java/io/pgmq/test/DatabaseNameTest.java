package io.pgmq.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DatabaseNameTest {

  @Test
  void random_lowercasesAndAppendsEightHexDigits() {
    assertThat(DatabaseName.random("SendTest")).matches("pgmq_t_sendtest_[0-9a-f]{8}");
  }

  @Test
  void random_truncatesLongLabelsTo63Bytes() {
    String name = DatabaseName.random("A".repeat(200));
    assertThat(name.getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(63);
    assertThat(name).matches("pgmq_t_a+_[0-9a-f]{8}");
  }

  @Test
  void random_replacesCharactersOutsideIdentifiers() {
    assertThat(DatabaseName.random("Über$Test")).matches("pgmq_t__ber_test_[0-9a-f]{8}");
  }

  @Test
  void random_givesDifferentNamesForSameLabel() {
    assertThat(DatabaseName.random("x")).isNotEqualTo(DatabaseName.random("x"));
  }
}
