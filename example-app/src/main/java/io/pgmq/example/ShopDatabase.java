package io.pgmq.example;

import io.pgmq.Pgmq;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.jooq.DSLContext;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The shop's database for one command: an embedded PostgreSQL started for it, or a server given by URL; migrated
 * by Flyway from {@code classpath:db/migration} (the shop's {@code orders} table and pgmq's generated migrations).
 *
 * <p>Holds one autocommit connection; not thread-safe. {@link #close()} closes it and stops the embedded server,
 * deleting its data.
 */
final class ShopDatabase implements AutoCloseable {

    private static final int CONNECT_TIMEOUT_SECONDS = 10;
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

    private final Optional<EmbeddedPostgres> embedded;
    private final DataSource dataSource;
    private final Connection connection;
    private final DSLContext dsl;

    private ShopDatabase(Optional<EmbeddedPostgres> embedded, DataSource dataSource, Connection connection) {
        this.embedded = embedded;
        this.dataSource = dataSource;
        this.connection = connection;
        this.dsl = Pgmq.using(connection);
    }

    /** Starts an embedded PostgreSQL in a temp folder, migrates it and connects. */
    static ShopDatabase embedded(PrintWriter out) {
        out.println("Starting an embedded PostgreSQL (its data lives in a temp folder, deleted when we stop)...");
        out.flush();
        EmbeddedPostgres pg;
        try {
            Path data = Files.createTempDirectory("pgmq-example-");
            pg = EmbeddedPostgres.builder()
                    .setDataDirectory(data)
                    .setCleanDataDirectory(true)
                    .setPGStartupWait(STARTUP_WAIT)
                    .start();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("embedded PostgreSQL failed to start: " + ShopCli.oneLine(e)
                    + ". It needs a writable java.io.tmpdir (and, as root, the 'unshare' command); or pass"
                    + " --jdbc-url to use a server of yours", e);
        }
        try {
            return open(pg.getJdbcUrl("postgres", "postgres"), "postgres", "", Optional.of(pg), out);
        } catch (RuntimeException e) {
            closeQuietly(pg, e);
            throw e;
        }
    }

    /** Connects to {@code jdbcUrl} and migrates it. */
    static ShopDatabase connect(String jdbcUrl, String user, String password, PrintWriter out) {
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new UsageException("--jdbc-url must be a PostgreSQL JDBC URL such as"
                    + " jdbc:postgresql://localhost:5432/shop, was \"" + redact(jdbcUrl) + "\"");
        }
        return open(jdbcUrl, user, password, Optional.empty(), out);
    }

    private static ShopDatabase open(String url, String user, String password, Optional<EmbeddedPostgres> embedded,
                                     PrintWriter out) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        try {
            dataSource.setURL(url);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--jdbc-url \"" + redact(url) + "\" is not a valid PostgreSQL JDBC URL: "
                    + e.getMessage());
        }
        dataSource.setUser(user);
        dataSource.setPassword(password);
        dataSource.setConnectTimeout(CONNECT_TIMEOUT_SECONDS);
        dataSource.setLoginTimeout(CONNECT_TIMEOUT_SECONDS);
        dataSource.setApplicationName("pgmq-example-app");
        Connection connection;
        try {
            connection = dataSource.getConnection();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to " + redact(url) + " as \"" + user + "\": "
                    + ShopCli.oneLine(e) + " (SQLSTATE " + e.getSQLState() + ")", e);
        }
        try {
            String version = connection.getMetaData().getDatabaseProductVersion();
            out.println("Connected to PostgreSQL " + version + (embedded.isPresent() ? " (embedded)" : " at "
                    + redact(url)) + ".");
            MigrateResult result = Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    // a database that already holds other tables gets ours beside them
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .load()
                    .migrate();
            out.println(result.migrationsExecuted == 0
                    ? "Flyway: schema is up to date (version " + result.initialSchemaVersion + ")."
                    : "Flyway: applied " + result.migrationsExecuted + " migrations (the orders table, pgmq's core"
                            + " and one per channel), now at version " + result.targetSchemaVersion + ".");
            out.flush();
            return new ShopDatabase(embedded, dataSource, connection);
        } catch (SQLException | FlywayException e) {
            closeQuietly(connection, e);
            throw new IllegalStateException("migrating " + redact(url) + " failed: " + ShopCli.oneLine(e), e);
        } catch (RuntimeException e) {
            closeQuietly(connection, e);
            throw e;
        }
    }

    /** Returns a jOOQ context on this database's connection, in autocommit unless inside a transaction. */
    /** The database's connections, for pgmq's consumers (each takes its own). */
    DataSource dataSource() {
        return dataSource;
    }

    DSLContext dsl() {
        return dsl;
    }

    /** Closes the connection and stops the embedded server, if any. */
    @Override
    public void close() {
        RuntimeException failure = null;
        try {
            connection.close();
        } catch (SQLException e) {
            failure = new IllegalStateException("closing the connection failed: " + e.getMessage(), e);
        }
        if (embedded.isPresent()) {
            try {
                embedded.get().close();
            } catch (IOException e) {
                IllegalStateException stop =
                        new IllegalStateException("stopping embedded PostgreSQL failed: " + e.getMessage(), e);
                if (failure == null) {
                    failure = stop;
                } else {
                    failure.addSuppressed(stop);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** The URL without its query string, which may carry a password. */
    static String redact(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query) + "?...";
    }

    private static void closeQuietly(AutoCloseable resource, Exception primary) {
        try {
            resource.close();
        } catch (Exception e) {
            primary.addSuppressed(e);
        }
    }
}
