package io.pgmq;

import java.util.Objects;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;

/**
 * Runs a channel's operations: the first one checks the catalog (the channel exists, with this payload type) and
 * keeps the channel's statements for all that follow; database errors become {@link PgmqException}s that name the
 * channel and the operation. Thread-safe: two first operations may both read the catalog, with the same result.
 *
 * @param <T> the payload type
 */
final class OperationRunner<T> {

    private final ChannelTable table;
    private final PayloadCodec<T> codec;
    private volatile ClaimStatements<T> statements;

    OperationRunner(ChannelTable table, PayloadCodec<T> codec) {
        this.table = table;
        this.codec = codec;
    }

    /** Runs {@code operation} on the channel: {@code body} in the caller's transaction, with its statements. */
    <R> R run(DSLContext tx, Operation operation, Function<ClaimStatements<T>, R> body) {
        return run(tx, operation, operation.toString(), body);
    }

    /** Runs {@code operation} on one message, named in error messages ({@code ack of message 42}). */
    <R> R run(DSLContext tx, Operation operation, long msgId, Function<ClaimStatements<T>, R> body) {
        return run(tx, operation, operation.describe(msgId), body);
    }

    private <R> R run(DSLContext tx, Operation operation, String what, Function<ClaimStatements<T>, R> body) {
        Objects.requireNonNull(tx, "tx");
        try {
            ClaimStatements<T> verified = statements;
            if (verified == null) {
                verified = ClaimStatements.verify(tx, table, codec);
                statements = verified;
            }
            return body.apply(verified);
        } catch (DataAccessException e) {
            throw Errors.translate(table.channel(), operation, what, e);
        }
    }
}
