package io.pgmq.bench;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A minimal fixed-size connection pool for the {@link io.pgmq.Consumer} under test: the consumer borrows a
 * connection per claim and per ack, and measuring it on an unpooled data source would measure connection setup
 * (a backend fork per transaction) instead of pgmq. No pool library is pinned in the build, and the harness needs
 * nothing more than this. Thread-safe.
 */
final class ConnectionPool implements DataSource, AutoCloseable {

    private static final long ACQUIRE_TIMEOUT_SECONDS = 30;

    private final DataSource target;
    private final Semaphore permits;
    private final BlockingQueue<Connection> idle;

    ConnectionPool(DataSource target, int size) {
        this.target = target;
        this.permits = new Semaphore(size);
        this.idle = new ArrayBlockingQueue<>(size);
    }

    @Override
    public Connection getConnection() throws SQLException {
        try {
            if (!permits.tryAcquire(ACQUIRE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new SQLException("pgmq-bench pool: no connection free within " + ACQUIRE_TIMEOUT_SECONDS + " s",
                        "08001");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("pgmq-bench pool: interrupted while waiting for a connection", "08001", e);
        }
        try {
            Connection physical = idle.poll();
            if (physical == null || physical.isClosed()) {
                physical = target.getConnection();
            }
            return borrowed(physical);
        } catch (SQLException | RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    /** A view of {@code physical} whose {@code close()} resets it and gives it back, once. */
    private Connection borrowed(Connection physical) {
        boolean[] returned = new boolean[1];
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "close":
                            synchronized (returned) {
                                if (!returned[0]) {
                                    returned[0] = true;
                                    giveBack(physical);
                                }
                            }
                            return null;
                        case "isClosed":
                            synchronized (returned) {
                                if (returned[0]) {
                                    return true;
                                }
                            }
                            break;
                        default:
                            break;
                    }
                    try {
                        return method.invoke(physical, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private void giveBack(Connection physical) throws SQLException {
        try {
            if (!physical.isClosed()) {
                if (!physical.getAutoCommit()) {
                    physical.rollback();
                    physical.setAutoCommit(true);
                }
                if (!idle.offer(physical)) {
                    physical.close();
                }
            }
        } catch (SQLException e) {
            physical.close();
        } finally {
            permits.release();
        }
    }

    /** Closes the idle connections; borrowed ones close when given back after this only if the pool is full. */
    @Override
    public void close() throws SQLException {
        for (Connection c = idle.poll(); c != null; c = idle.poll()) {
            c.close();
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("pgmq-bench pool: per-call credentials are not supported");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // no log writer: nothing here logs
    }

    @Override
    public void setLoginTimeout(int seconds) {
        // connection setup is bounded by the target data source's own timeout
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("pgmq-bench pool: no java.util.logging");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("pgmq-bench pool: not a wrapper of " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }
}
