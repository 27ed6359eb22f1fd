package io.pgmq;

/**
 * The database refused a payload, for example XML that is not well-formed (SQLSTATE {@code 2200N} or
 * {@code 2200M}). Nothing was sent; the caller's transaction is aborted, as after any database error.
 */
public final class InvalidPayloadException extends PgmqException {

    private static final long serialVersionUID = 1L;

    InvalidPayloadException(String channel, String message, String sqlState, Throwable cause) {
        super(channel, message, sqlState, cause);
    }
}
