package io.pgmq;

/**
 * The database refused a payload, for example XML that is not well-formed.
 */
public final class InvalidPayloadException extends PgmqException {

    private static final long serialVersionUID = 1L;

    InvalidPayloadException(String channel, String message, String sqlState, Throwable cause) {
        super(channel, message, sqlState, cause);
    }
}
