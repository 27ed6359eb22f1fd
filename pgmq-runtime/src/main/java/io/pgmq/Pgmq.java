package io.pgmq;

import java.sql.Connection;
import java.util.Objects;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/**
 * Entry points for callers that hold a plain JDBC {@link Connection} rather than a jOOQ {@link DSLContext}.
 */
public final class Pgmq {

    private static final Settings SETTINGS = settings();

    private Pgmq() {
    }

    /**
     * Returns a {@link DSLContext} that runs on {@code connection}, in whatever transaction it has open: pass it to
     * {@link Channel#send} and friends. pgmq never commits, rolls back or closes the connection.
     *
     * @throws NullPointerException if {@code connection} is null
     */
    public static DSLContext using(Connection connection) {
        Objects.requireNonNull(connection, "connection");
        return DSL.using(connection, SQLDialect.POSTGRES, SETTINGS);
    }

    /**
     * A {@link DSLContext} on a data source for the runtime's own short transactions (consumer claims, acks, purges):
     * each transaction borrows a connection and returns it; every statement times out after {@code timeoutSeconds}.
     */
    static DSLContext using(DataSource dataSource, int timeoutSeconds) {
        return DSL.using(dataSource, SQLDialect.POSTGRES, settings().withQueryTimeout(timeoutSeconds));
    }

    /** As {@link #using(Connection)}, with every statement timing out after {@code timeoutSeconds}. */
    static DSLContext using(Connection connection, int timeoutSeconds) {
        return DSL.using(connection, SQLDialect.POSTGRES, settings().withQueryTimeout(timeoutSeconds));
    }

    private static Settings settings() {
        return new Settings().withRenderQuotedNames(RenderQuotedNames.ALWAYS).withExecuteLogging(false);
    }
}
