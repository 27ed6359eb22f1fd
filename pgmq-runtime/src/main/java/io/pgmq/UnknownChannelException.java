package io.pgmq;

/**
 * The channel is not in {@code pg_mq_config_catalog} (or its table is missing): create it with
 * {@code pg_mq_create_queue} or declare it in the manifest. SQLSTATE {@code PQ001} or {@code 42P01} when the
 * database raised it (empty when pgmq's catalog check found no row); in a test, often a plain
 * {@code @PgmqTest} where {@code @PgmqTest(application = true)} was meant. As every {@link PgmqException}, it leaves
 * the caller's transaction aborted when the database raised it.
 */
public final class UnknownChannelException extends PgmqException {

    private static final long serialVersionUID = 1L;

    UnknownChannelException(String channel, String message, String sqlState, Throwable cause) {
        super(channel, message, sqlState, cause);
    }
}
