package io.pgmq.internal;

import java.sql.Connection;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/**
 * The jOOQ contexts pgmq-runtime runs its SQL in: PostgreSQL, every name quoted, no execute logging, and for its own
 * work (consumers, metrics) a statement timeout.
 *
 * <p>Internal to pgmq-runtime: not an API, and it may change in any release. Thread-safe.
 */
public final class DslContexts {

    private static final Settings SETTINGS = settings();

    private DslContexts() {
    }

    /** A context on {@code connection}, in whatever transaction it has open. */
    public static DSLContext using(Connection connection) {
        return DSL.using(connection, SQLDialect.POSTGRES, SETTINGS);
    }

    /** As {@link #using(Connection)}, every statement timing out after {@code timeoutSeconds}. */
    public static DSLContext using(Connection connection, int timeoutSeconds) {
        return DSL.using(connection, SQLDialect.POSTGRES, settings().withQueryTimeout(timeoutSeconds));
    }

    /**
     * A context on a data source for the runtime's own short transactions: each borrows a connection and returns it;
     * every statement times out after {@code timeoutSeconds}.
     */
    public static DSLContext using(DataSource dataSource, int timeoutSeconds) {
        return DSL.using(dataSource, SQLDialect.POSTGRES, settings().withQueryTimeout(timeoutSeconds));
    }

    private static Settings settings() {
        return new Settings().withRenderQuotedNames(RenderQuotedNames.ALWAYS).withExecuteLogging(false);
    }
}
