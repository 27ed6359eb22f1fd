package io.pgmq;

/**
 * The channel is not in {@code pg_mq_config_catalog} (or its table is missing): create it with {@code pg_mq_create_queue} or declare it in the manifest.
 */
public final class UnknownChannelException extends PgmqException {

    private static final long serialVersionUID = 1L;

    UnknownChannelException(String channel, String message, String sqlState, Throwable cause) {
        super(channel, message, sqlState, cause);
    }
}
