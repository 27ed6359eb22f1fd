package io.pgmq.fault;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.pgmq.test.PgmqDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The scratch database a scenario runs in, migrated with pgmq's core: how to reach it, and the application's pools
 * on it.
 *
 * @param jdbcUrl  its URL, without credentials
 * @param user     the user that owns it
 * @param password that user's password, empty when none
 * @param server   the server, for the report, e.g. {@code "PostgreSQL 17.6 (embedded)"}
 */
record Database(String jdbcUrl, String user, String password, String server) {

    private static final int CONNECT_TIMEOUT_SECONDS = 10;

    Database {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(server, "server");
    }

    /** The database pgmq-test created (on its shared server: embedded PostgreSQL 17 or PGMQ_TEST_JDBC_URL's). */
    static Database of(PgmqDatabase db) throws SQLException {
        return described(db.jdbcUrl(), db.user(), db.password());
    }

    /** The database at {@code jdbcUrl}, described by the version its server reports. */
    static Database described(String jdbcUrl, String user, String password) throws SQLException {
        Database unnamed = new Database(jdbcUrl, user, password, "PostgreSQL");
        try (Connection c = unnamed.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW server_version")) {
            rs.next();
            return new Database(jdbcUrl, user, password, "PostgreSQL " + rs.getString(1).split(" ")[0]);
        }
    }

    /** The same database with its server described by {@code describe} applied to the current description. */
    Database withServer(java.util.function.UnaryOperator<String> describe) {
        return new Database(jdbcUrl, user, password, describe.apply(server));
    }

    /** Opens an autocommit connection for the suite's own statements (setup, faults, counting); the caller closes it. */
    Connection connect() throws SQLException {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(jdbcUrl);
        ds.setUser(user);
        ds.setPassword(password);
        ds.setConnectTimeout(CONNECT_TIMEOUT_SECONDS);
        ds.setLoginTimeout(CONNECT_TIMEOUT_SECONDS);
        ds.setApplicationName("pgmq-fault-control");
        return ds.getConnection();
    }

    /**
     * A HikariCP pool as an application runs it: {@code size} connections, opened eagerly, a borrower waiting at most
     * {@code connectionTimeout}, every session named {@code applicationName} in {@code pg_stat_activity}.
     */
    HikariDataSource pool(String name, int size, Duration connectionTimeout, String applicationName) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(size);
        config.setConnectionTimeout(connectionTimeout.toMillis());
        config.addDataSourceProperty("ApplicationName", applicationName);
        config.addDataSourceProperty("connectTimeout", CONNECT_TIMEOUT_SECONDS);
        return new HikariDataSource(config);
    }
}
