package io.pgmq.rabbitmq;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One named connection to the broker, opened again on demand after it closed. The gateway reconnects itself rather
 * than through the client's automatic recovery: publisher-confirm sequence numbers and delivery tags start again on
 * a new connection, so every in-flight message is settled by the code that knows what it was (republished outbound;
 * left unacked, hence redelivered, inbound). Thread-safe.
 */
final class AmqpLink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AmqpLink.class);
    private static final long MAX_BACKOFF_MILLIS = 2_000;

    private final ConnectionFactory factory;
    private final String name;
    private final Object lock = new Object();
    private Connection connection;  // guarded by lock
    private volatile boolean closed;

    AmqpLink(ConnectionFactory factory, String name) {
        this.factory = factory.clone();
        this.factory.setAutomaticRecoveryEnabled(false);
        this.factory.setTopologyRecoveryEnabled(false);
        this.name = name;
    }

    /**
     * An open connection: this one, or a new one if it closed, trying again with backoff until the deadline.
     *
     * @throws IOException if the broker did not take a connection before {@code deadlineNanos} or the link closed
     */
    Connection connection(long deadlineNanos) throws IOException, InterruptedException {
        long backoff = 100;
        while (true) {
            synchronized (lock) {
                if (closed) {
                    throw new IOException("the gateway \"" + name + "\" is closed");
                }
                if (connection != null && connection.isOpen()) {
                    return connection;
                }
                try {
                    boolean again = connection != null;
                    connection = factory.newConnection(name);
                    if (again) {
                        LOG.info("{}: connected to the broker again", name);
                    }
                    return connection;
                } catch (IOException | TimeoutException e) {
                    long left = deadlineNanos - System.nanoTime();
                    if (left <= 0) {
                        throw new IOException(name + ": the broker at " + factory.getHost() + ":" + factory.getPort()
                                + " does not take a connection (" + e + "); the gateway tries again", e);
                    }
                    LOG.debug("{}: connecting to the broker failed ({}), trying again", name, e.toString());
                    // bounded by the deadline; close() ends it through the flag at the next turn
                    TimeUnit.MILLISECONDS.sleep(Math.min(backoff, Math.max(1, TimeUnit.NANOSECONDS.toMillis(left))));
                    backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        synchronized (lock) {
            if (connection != null && connection.isOpen()) {
                try {
                    connection.close(2_000);
                } catch (IOException | RuntimeException e) {
                    LOG.debug("{}: closing the broker connection failed ({})", name, e.toString());
                }
            }
        }
    }
}
