package io.pgmq.fault;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;

/**
 * An embedded PostgreSQL 17 of the restart scenario's own, which it may stop and start: a kept data directory and a
 * fixed port, so that the server that comes back is the same one, at the same address, with the same data. Used
 * even when {@code PGMQ_TEST_JDBC_URL} names a shared server, which the suite must not stop. Not thread-safe.
 */
final class RestartableServer implements AutoCloseable {

    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);
    private static final String DATABASE = "pgmq_fault_restart";

    private final Path dataDirectory;
    private final int port;
    private EmbeddedPostgres running;

    private RestartableServer(Path dataDirectory, int port) {
        this.dataDirectory = dataDirectory;
        this.port = port;
    }

    /**
     * Initialises a cluster in a new directory under {@code workDir}, starts it on a free port and creates a database
     * migrated with pgmq's core.
     */
    static RestartableServer start(Path workDir) throws IOException, SQLException {
        Files.createDirectories(workDir);
        RestartableServer server = new RestartableServer(Files.createTempDirectory(workDir, "restart-pg-"),
                freePort());
        try {
            server.startAgain();
            try (Connection c = server.admin().connect(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + DATABASE);
            }
            Flyway.configure().dataSource(server.database().jdbcUrl(), "postgres", "")
                    .schemas("public").defaultSchema("public").table("pgmq_schema_history")
                    .locations("classpath:db/pgmq").baselineOnMigrate(true).baselineVersion("0")
                    .load().migrate();
        } catch (IOException | SQLException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** The scenario's database on this server. */
    Database database() throws SQLException {
        return Database.described(url(DATABASE), "postgres", "")
                .withServer(d -> d + " (its own embedded server)");
    }

    /** Stops the server as {@code pg_ctl stop -m fast} does: sessions are terminated, the shutdown is clean. */
    void stop() throws IOException {
        EmbeddedPostgres pg = running;
        running = null;
        if (pg != null) {
            pg.close();
        }
    }

    /** Starts the server on the same data directory and port. */
    void startAgain() throws IOException {
        if (running != null) {
            throw new IllegalStateException("the restart scenario's server is already running on port " + port);
        }
        running = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setPGStartupWait(STARTUP_WAIT)
                // as a production server commits: a committed send is on disk before the producer hears of it
                .setServerConfig("synchronous_commit", "on")
                .start();
    }

    /** Stops the server if it runs and deletes its data directory. */
    @Override
    public void close() throws IOException {
        try {
            stop();
        } finally {
            try (Stream<Path> files = Files.walk(dataDirectory)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private Database admin() {
        return new Database(url("postgres"), "postgres", "", "PostgreSQL");
    }

    private String url(String database) {
        return "jdbc:postgresql://localhost:" + port + "/" + database;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
