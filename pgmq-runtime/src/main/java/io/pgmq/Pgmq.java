package io.pgmq;

import io.pgmq.internal.DslContexts;
import java.sql.Connection;
import java.util.Objects;
import org.jooq.DSLContext;

/**
 * Entry points for callers that hold a plain JDBC {@link Connection} rather than a jOOQ {@link DSLContext}.
 * Stateless and thread-safe; a context it returns belongs, like its connection, to one thread at a time.
 */
public final class Pgmq {

    private Pgmq() {
    }

    /**
     * Returns a {@link DSLContext} that runs on {@code connection}, in whatever transaction it has open: pass it to
     * {@link Channel#send} and friends. pgmq never commits, rolls back or closes the connection.
     *
     * @param connection the caller's connection, in the transaction the channel operations should join
     * @return a context on that connection, for the thread that owns the connection
     * @throws NullPointerException if {@code connection} is null
     */
    public static DSLContext using(Connection connection) {
        return DslContexts.using(Objects.requireNonNull(connection, "connection"));
    }
}
