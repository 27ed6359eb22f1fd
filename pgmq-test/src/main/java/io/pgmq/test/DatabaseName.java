package io.pgmq.test;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/** Makes names for test databases: {@code pgmq_t_<label>_<8 hex digits>}, at most 63 bytes. */
final class DatabaseName {

  static final String PREFIX = "pgmq_t_";
  // PostgreSQL truncates identifiers silently at 63 bytes (NAMEDATALEN - 1); stay below it.
  static final int MAX_BYTES = 63;
  private static final int MAX_LABEL = MAX_BYTES - PREFIX.length() - 1 - 8;

  private DatabaseName() {}

  /**
   * Returns a fresh database name whose middle part is {@code label} lower-cased, reduced to
   * {@code [a-z0-9_]} and truncated.
   */
  static String random(String label) {
    String cleaned = label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    if (cleaned.isEmpty()) {
      cleaned = "db";
    }
    if (cleaned.length() > MAX_LABEL) {
      cleaned = cleaned.substring(0, MAX_LABEL);
    }
    String name =
        PREFIX + cleaned + "_" + String.format("%08x", ThreadLocalRandom.current().nextInt());
    assert name.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES : name;
    return name;
  }
}
