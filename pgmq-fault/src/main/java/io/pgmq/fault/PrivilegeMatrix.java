package io.pgmq.fault;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * The privilege matrix's size and result, as pgmq-test's {@code PrivilegeMatrixTest} writes them to
 * {@code pgmq-test/target/privilege-matrix.properties} (keys {@code schemas, roles, functions, columns, cases,
 * passed}).
 *
 * @param schemas   the schemas the matrix installed pgmq into, by name
 * @param roles     roles it tried
 * @param functions {@code pg_mq_*} functions it called
 * @param columns   channel-table columns it touched
 * @param cases     cases it ran
 * @param passed    cases that gave the result README promises
 */
record PrivilegeMatrix(List<String> schemas, long roles, long functions, long columns, long cases, long passed) {

    /** Where the matrix test writes its result, relative to the repository root. */
    static final Path DEFAULT_FILE = Path.of("pgmq-test", "target", "privilege-matrix.properties");

    /** The command that writes the file. */
    static final String COMMAND = "./mvnw -B -pl pgmq-test -am verify -Dtest=PrivilegeMatrixTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false";

    private static final List<String> COUNTS = List.of("roles", "functions", "columns", "cases", "passed");

    /** Copies the schema names. */
    PrivilegeMatrix {
        schemas = List.copyOf(schemas);
    }

    /**
     * Reads {@code file}; empty if it does not exist.
     *
     * @throws IllegalStateException if it exists but lacks a key, names no schema, or holds a count that is not one
     */
    static Optional<PrivilegeMatrix> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        String schemaList = p.getProperty("schemas", "").trim();
        if (schemaList.isEmpty()) {
            throw new IllegalStateException(file + ": key \"schemas\" should name the schemas the matrix ran in "
                    + "(comma-separated), was missing or empty; rerun " + COMMAND);
        }
        long[] v = new long[COUNTS.size()];
        for (int i = 0; i < COUNTS.size(); i++) {
            String value = p.getProperty(COUNTS.get(i));
            try {
                v[i] = Long.parseLong(value == null ? "" : value.trim());
            } catch (NumberFormatException e) {
                throw new IllegalStateException(file + ": key \"" + COUNTS.get(i) + "\" should be a count, was "
                        + (value == null ? "missing" : "\"" + value + "\"") + "; rerun " + COMMAND, e);
            }
        }
        List<String> schemas = Arrays.stream(schemaList.split(",")).map(String::trim).toList();
        return Optional.of(new PrivilegeMatrix(schemas, v[0], v[1], v[2], v[3], v[4]));
    }

    /** Whether every case passed. */
    boolean pass() {
        return cases > 0 && passed == cases;
    }
}
