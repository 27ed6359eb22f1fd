package io.pgmq.spring;

import io.pgmq.Channel;
import io.pgmq.Consumer;
import io.pgmq.TransactionRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs one {@link Consumer} per {@link PgmqListener} method, as a {@link SmartLifecycle}: once every singleton exists
 * (Flyway has migrated by then) it checks that each listener can be served and that every channel the application
 * uses exists with the expected payload type, failing startup with all problems at once; it starts the consumers
 * when the context starts and stops them in graceful shutdown, within
 * {@code spring.lifecycle.timeout-per-shutdown-phase}.
 *
 * <p>Thread-safe: Spring calls it from the thread that refreshes or closes the context; {@link #running()} may be
 * read from any thread.
 */
public final class PgmqConsumers implements SmartInitializingSingleton, SmartLifecycle {

    /**
     * The lifecycle phase: consumers start after, and stop before, the web server's graceful shutdown
     * ({@code DEFAULT_PHASE - 1024}).
     */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

    private static final Logger LOG = LoggerFactory.getLogger(PgmqConsumers.class);

    private final ListenerMethods methods;
    private final PgmqChannels channels;
    private final PgmqProperties properties;
    private final Environment environment;
    private final DataSource dataSource;
    private final Optional<TransactionTemplate> transactions;
    private final Duration shutdownDeadline;
    private final List<Planned> plans = new ArrayList<>();
    private final List<Consumer<?>> running = new ArrayList<>();
    private boolean started;

    PgmqConsumers(ListenerMethods methods, PgmqChannels channels, PgmqProperties properties, Environment environment,
                  DataSource dataSource, Optional<PlatformTransactionManager> transactionManager,
                  Duration shutdownDeadline) {
        this.methods = methods;
        this.channels = channels;
        this.properties = properties;
        this.environment = environment;
        this.dataSource = dataSource;
        this.transactions = transactionManager.map(TransactionTemplate::new);
        this.shutdownDeadline = shutdownDeadline;
    }

    /**
     * A listener that can be served: its method, channel, argument shape and settings.
     *
     * @param method   the listener method
     * @param channel  its channel
     * @param shape    what it takes
     * @param settings its consumer's settings
     */
    private record Planned(ListenerMethods.ListenerMethod method, Channel<?> channel, ListenerShape shape,
                           ListenerSettings settings) {
    }

    /**
     * Checks every listener and channel once all singletons exist.
     *
     * @throws IllegalStateException listing every listener that cannot be served, or every channel that is missing
     *                               or holds another payload type, each with the fix
     */
    @Override
    public void afterSingletonsInstantiated() {
        List<String> problems = new ArrayList<>();
        for (ListenerMethods.ListenerMethod method : methods.all()) {
            try {
                plans.add(plan(method));
            } catch (IllegalArgumentException e) {
                problems.add("@PgmqListener(\"" + method.annotation().value() + "\") " + method.describe()
                        + " in bean '" + method.beanName() + "' " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("pgmq: " + problems.size() + " listener method(s) cannot be served:\n  - "
                    + String.join("\n  - ", problems));
        }
        new StartupCheck(new CatalogQueries(dataSource), channels, plans.stream()
                .map(p -> new StartupCheck.Use(p.channel(), p.method().describe()))
                .toList()).run();
    }

    private Planned plan(ListenerMethods.ListenerMethod method) {
        ListenerShape shape = ListenerShape.of(method.declared());
        String named = method.annotation().value();
        Channel<?> channel = channels.find(named).orElseGet(() -> channels.open(named, shape.payload()));
        PgmqProperties.Listener overrides = Binder.get(environment)
                .bind(ConfigurationPropertyName.adapt("pgmq.consumers." + channel.name(), '.'),
                        Bindable.of(PgmqProperties.Listener.class))
                .orElseGet(PgmqProperties.Listener::new);
        ListenerSettings settings = ListenerSettings.of(method.annotation(), overrides);
        Class<?> javaType = PgmqChannels.javaType(channel);
        String holds = "channel \"" + channel.name() + "\" holds " + channel.payloadType().sqlName()
                + " payloads, read as " + javaType.getSimpleName();
        if (shape.payload() != null && !shape.payload().isAssignableFrom(javaType)) {
            throw new IllegalArgumentException("takes " + shape.describe() + ", but " + holds + "; take "
                    + shape.describe().replace(shape.payload().getSimpleName(), javaType.getSimpleName()));
        }
        if (settings.transactional() && !shape.kind().servesTransactional()) {
            throw new IllegalArgumentException("takes " + shape.describe() + ", but a transactional listener handles"
                    + " one message per call inside its transaction: take " + javaType.getSimpleName()
                    + " or LockedDelivery<" + javaType.getSimpleName() + ">, or drop transactional");
        }
        if (!settings.transactional() && shape.kind() == ListenerShape.Kind.LOCKED_DELIVERY) {
            throw new IllegalArgumentException("takes LockedDelivery, which only a transactional listener gets: set"
                    + " transactional = true, or take Delivery<" + javaType.getSimpleName() + ">");
        }
        if (settings.transactional() && transactions.isEmpty()) {
            throw new IllegalArgumentException("is transactional, but the application has no"
                    + " PlatformTransactionManager; add spring-boot-starter-jdbc (or JPA), which provides one");
        }
        return new Planned(method, channel, shape, settings);
    }

    @Override
    public synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        if (!properties.getConsumers().isEnabled()) {
            LOG.info("pgmq: consumers disabled (pgmq.consumers.enabled=false); {} listener(s) not started",
                    plans.size());
            return;
        }
        for (Planned plan : plans) {
            try {
                running.add(start(plan.channel(), plan));
            } catch (RuntimeException e) {
                closeAll(List.copyOf(running));
                running.clear();
                throw new IllegalStateException("pgmq: the consumer of " + plan.method().describe() + " on channel \""
                        + plan.channel().name() + "\" did not start: " + e.getMessage() + " (check its @PgmqListener"
                        + " attributes and pgmq.consumers." + plan.channel().name() + ".*)", e);
            }
        }
    }

    private <T> Consumer<T> start(Channel<T> channel, Planned plan) {
        Consumer.Builder<T> builder = Consumer.builder(channel, dataSource).shutdownDeadline(shutdownDeadline);
        plan.settings().applyTo(builder);
        plan.shape().attach(builder, plan.method(), plan.settings().transactional(), this::inSpringTransaction);
        return builder.start();
    }

    /**
     * A transactional listener's round, in a transaction of the application's transaction manager: the round's
     * connection is the one Spring bound to the transaction, so the listener's JdbcTemplate, jOOQ or JPA writes go
     * to the same transaction as the locked claim and the completion.
     */
    private void inSpringTransaction(TransactionRunner.Round round) {
        transactions.orElseThrow().executeWithoutResult(
                status -> round.run(DataSourceUtils.getConnection(dataSource)));
    }

    /** Returns the consumers running now, in listener order; empty before start and after stop. */
    public synchronized List<Consumer<?>> running() {
        return List.copyOf(running);
    }

    @Override
    public void stop() {
        closeAll(takeRunning());
    }

    @Override
    public void stop(Runnable callback) {
        List<Consumer<?>> stopping = takeRunning();
        Thread closer = new Thread(() -> {
            try {
                closeAll(stopping);
            } finally {
                callback.run();
            }
        }, "pgmq-shutdown");
        closer.setDaemon(true);
        closer.start();
    }

    private synchronized List<Consumer<?>> takeRunning() {
        List<Consumer<?>> taken = List.copyOf(running);
        running.clear();
        started = false;
        return taken;
    }

    /** Closes the consumers in parallel, so that their shutdown deadlines run at the same time. */
    private void closeAll(List<Consumer<?>> consumers) {
        long deadline = System.nanoTime() + shutdownDeadline.plusSeconds(5).toNanos();
        List<Thread> closers = new ArrayList<>();
        for (Consumer<?> consumer : consumers) {
            Thread closer = new Thread(consumer::close, "pgmq-shutdown-" + consumer.channel().name());
            closer.setDaemon(true);
            closer.start();
            closers.add(closer);
        }
        for (Thread closer : closers) {
            try {
                // each close() returns by its shutdown deadline; the margin covers its last acks
                closer.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return started;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
