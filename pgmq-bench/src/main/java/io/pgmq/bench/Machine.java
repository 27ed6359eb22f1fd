package io.pgmq.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/** Where the figures were taken; printed at the top of the report. */
record Machine(int cores, String java, String server, String postgres, String synchronousCommit, String fsync,
               String autovacuum, String loadAverage) {

    static Machine of(Connection c, String server) throws SQLException {
        return new Machine(Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), server,
                BaselineSql.setting(c, "server_version"), BaselineSql.setting(c, "synchronous_commit"),
                BaselineSql.setting(c, "fsync"), BaselineSql.setting(c, "autovacuum") + ", autovacuum_naptime="
                        + BaselineSql.setting(c, "autovacuum_naptime"), currentLoadAverage());
    }

    /** The 1/5/15-minute load averages at the start (Linux), since other work on the host skews every figure. */
    static String currentLoadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }
}
