package io.pgmq.test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What a test database is made of: the schema Flyway migrates into, the locations and history
 * table it migrates from, and the roles created first. Built from {@link PgmqTest} or {@link
 * PgmqDatabase#create}; validated on construction, so an invalid setup never exists.
 *
 * @param schema the schema to migrate into, 1 to 63 bytes
 * @param locations Flyway locations, none blank; empty skips Flyway
 * @param historyTable Flyway's history table, 1 to 63 bytes
 * @param roles roles to create when missing, each 1 to 63 bytes
 */
record DatabaseSetup(String schema, List<String> locations, String historyTable, List<String> roles) {

  static final String CORE_LOCATION = "classpath:db/pgmq";
  static final String CORE_HISTORY_TABLE = "pgmq_schema_history";
  static final String APPLICATION_LOCATION = "classpath:db/migration";
  static final String APPLICATION_HISTORY_TABLE = "flyway_schema_history";

  DatabaseSetup {
    requireIdentifier("schema", schema);
    requireIdentifier("historyTable", historyTable);
    locations = List.copyOf(Objects.requireNonNull(locations, "locations"));
    for (String location : locations) {
      if (location.isBlank()) {
        throw new IllegalArgumentException(
            "locations must not contain blank entries, was " + locations);
      }
    }
    roles = List.copyOf(Objects.requireNonNull(roles, "roles"));
    for (String role : roles) {
      requireIdentifier("roles", role);
    }
  }

  /**
   * Reads the setup of a {@link PgmqTest} annotation; the defaults when the class has none.
   *
   * @throws IllegalArgumentException if {@code application = true} is combined with locations or a
   *     history table of its own, or a name is invalid
   */
  static DatabaseSetup of(Class<?> testClass, PgmqTest test) {
    if (test == null) {
      return new DatabaseSetup("public", List.of(CORE_LOCATION), CORE_HISTORY_TABLE, List.of());
    }
    List<String> locations = Arrays.asList(test.locations());
    String historyTable = test.historyTable();
    if (test.application()) {
      if (!locations.equals(List.of(CORE_LOCATION)) || !historyTable.equals(CORE_HISTORY_TABLE)) {
        throw new IllegalArgumentException(
            "@PgmqTest on "
                + testClass.getName()
                + ": application = true migrates "
                + APPLICATION_LOCATION
                + " into "
                + APPLICATION_HISTORY_TABLE
                + ", so it cannot be combined with locations or historyTable; keep one of the two");
      }
      locations = List.of(APPLICATION_LOCATION);
      historyTable = APPLICATION_HISTORY_TABLE;
    }
    return new DatabaseSetup(test.schema(), locations, historyTable, Arrays.asList(test.roles()));
  }

  /** True when only pgmq's core is migrated, the default a test of an application may not want. */
  boolean coreOnly() {
    return locations.equals(List.of(CORE_LOCATION));
  }

  private static void requireIdentifier(String parameter, String value) {
    Objects.requireNonNull(value, parameter);
    int bytes = value.getBytes(StandardCharsets.UTF_8).length;
    if (bytes < 1 || bytes > DatabaseName.MAX_BYTES) {
      throw new IllegalArgumentException(
          parameter + " must be 1.." + DatabaseName.MAX_BYTES + " bytes, was \"" + value + "\"");
    }
  }
}
