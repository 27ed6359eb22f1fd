package io.pgmq.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.pgmq.Channel;
import io.pgmq.Consumer;
import io.pgmq.internal.ConsumerCounters;
import io.pgmq.internal.DslContexts;
import io.pgmq.internal.StatsQueries;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Micrometer {@link MeterBinder} for channels' health (the {@code pg_mq_channel_stats} view) and consumers' work.
 * Micrometer is an optional dependency of pgmq-runtime: only its package names it, so add {@code micrometer-core} to
 * use it and everything else works without.
 *
 * <p>Meters, each tagged {@code channel}:
 * <ul>
 *   <li>{@code pgmq.channel.messages} (gauge, tag {@code state}: ready, leased, delayed, dead, done)</li>
 *   <li>{@code pgmq.channel.oldest.ready.age} (time gauge, seconds; 0 when nothing is ready)</li>
 *   <li>{@code pgmq.channel.table.size} (gauge, bytes, with indexes and TOAST) and
 *       {@code pgmq.channel.dead.tuples} (gauge)</li>
 *   <li>{@code pgmq.consumer.messages} (function counter, tag {@code outcome}: claimed, acked, nacked, dead,
 *       released, lease_lost, purged)</li>
 *   <li>{@code pgmq.consumer.handler.duration} (timer, tag {@code outcome}: success, failure) and
 *       {@code pgmq.consumer.delivery.latency} (timer: from the sending transaction to the handler's start)</li>
 * </ul>
 *
 * <p>The channel gauges read the view at most once per {@code refresh} for all channels of a schema, on the
 * thread that reads the registry; a failed read is logged at WARN and reported as NaN. Consumer timers record from
 * the moment of binding. Immutable and thread-safe; bind to any number of registries.
 */
public final class PgmqMetrics implements MeterBinder {

    private static final Logger LOG = LoggerFactory.getLogger(PgmqMetrics.class);
    private static final int STATEMENT_TIMEOUT_SECONDS = 10;

    private final DSLContext dsl;
    private final List<Channel<?>> channels;
    private final List<Consumer<?>> consumers;
    private final Duration refresh;
    private final Map<String, Snapshot> snapshots = new TreeMap<>();

    private PgmqMetrics(DataSource dataSource, List<Channel<?>> channels, List<Consumer<?>> consumers,
                        Duration refresh) {
        this.dsl = DslContexts.using(dataSource, STATEMENT_TIMEOUT_SECONDS);
        this.channels = channels;
        this.consumers = consumers;
        this.refresh = refresh;
        for (Channel<?> channel : channels) {
            snapshots.computeIfAbsent(channel.schema(), Snapshot::new).channels.add(channel.name());
        }
    }

    /**
     * Returns a binder for the health of {@code channels} and the work of {@code consumers} (their channels need
     * not be listed again), reading the view through {@code dataSource} at most every 5 seconds.
     *
     * @param dataSource where the gauges read {@code pg_mq_channel_stats}; each read borrows a connection briefly
     * @param channels   the channels whose health to report, possibly empty
     * @param consumers  the consumers whose work to report, possibly empty
     * @return a binder, immutable and thread-safe
     * @throws NullPointerException if an argument or element is null
     */
    public static PgmqMetrics of(DataSource dataSource, List<? extends Channel<?>> channels,
                                 List<? extends Consumer<?>> consumers) {
        return of(dataSource, channels, consumers, Duration.ofSeconds(5));
    }

    /**
     * As {@link #of(DataSource, List, List)}, reading the view at most every {@code refresh} (zero: on every read).
     *
     * @param dataSource where the gauges read {@code pg_mq_channel_stats}; each read borrows a connection briefly
     * @param channels   the channels whose health to report, possibly empty
     * @param consumers  the consumers whose work to report, possibly empty
     * @param refresh    the least time between two reads of the view, not negative
     * @return a binder, immutable and thread-safe
     * @throws NullPointerException if an argument or element is null
     * @throws IllegalArgumentException if {@code refresh} is negative
     */
    public static PgmqMetrics of(DataSource dataSource, List<? extends Channel<?>> channels,
                                 List<? extends Consumer<?>> consumers, Duration refresh) {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(refresh, "refresh");
        if (refresh.isNegative()) {
            throw new IllegalArgumentException("refresh must not be negative, was " + refresh);
        }
        List<Channel<?>> all = new ArrayList<>();
        for (Channel<?> c : Objects.requireNonNull(channels, "channels")) {
            all.add(Objects.requireNonNull(c, "channels element"));
        }
        List<Consumer<?>> cs = List.copyOf(Objects.requireNonNull(consumers, "consumers"));
        for (Consumer<?> consumer : cs) {
            Channel<?> channel = consumer.channel();
            if (all.stream().noneMatch(c -> c.schema().equals(channel.schema()) && c.name().equals(channel.name()))) {
                all.add(channel);
            }
        }
        return new PgmqMetrics(dataSource, List.copyOf(all), cs, refresh);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (Channel<?> channel : channels) {
            Snapshot snapshot = snapshots.get(channel.schema());
            String name = channel.name();
            Tags tags = Tags.of("channel", name);
            gauge(registry, "pgmq.channel.messages", tags.and("state", "ready"), snapshot, name,
                    StatsQueries.ChannelStats::ready, "Messages claimable now");
            gauge(registry, "pgmq.channel.messages", tags.and("state", "leased"), snapshot, name,
                    StatsQueries.ChannelStats::leased, "Messages claimed, lease not expired");
            gauge(registry, "pgmq.channel.messages", tags.and("state", "delayed"), snapshot, name,
                    StatsQueries.ChannelStats::delayed, "Messages waiting for a delay or a retry backoff");
            gauge(registry, "pgmq.channel.messages", tags.and("state", "dead"), snapshot, name,
                    StatsQueries.ChannelStats::dead, "Dead letters");
            gauge(registry, "pgmq.channel.messages", tags.and("state", "done"), snapshot, name,
                    StatsQueries.ChannelStats::done, "Finished messages kept until retention");
            TimeGauge.builder("pgmq.channel.oldest.ready.age", snapshot,
                            TimeUnit.SECONDS, s -> s.read(name, StatsQueries.ChannelStats::oldestReadySeconds))
                    .tags(tags).description("Age of the oldest ready message").strongReference(true)
                    .register(registry);
            Gauge.builder("pgmq.channel.table.size", snapshot,
                            s -> s.read(name, StatsQueries.ChannelStats::tableBytes))
                    .tags(tags).baseUnit("bytes").description("Size of the queue table with indexes and TOAST")
                    .strongReference(true).register(registry);
            gauge(registry, "pgmq.channel.dead.tuples", tags, snapshot, name, StatsQueries.ChannelStats::deadTuples,
                    "Dead tuples in the queue table (autovacuum's estimate)");
        }
        for (Consumer<?> consumer : consumers) {
            bindConsumer(registry, consumer);
        }
    }

    private static void gauge(MeterRegistry registry, String meter, Tags tags, Snapshot snapshot, String channel,
                              ToDoubleFunction<StatsQueries.ChannelStats> value, String description) {
        // strong: Micrometer holds gauge state weakly, and nothing else need keep this binder alive
        Gauge.builder(meter, snapshot, s -> s.read(channel, value)).tags(tags).description(description)
                .strongReference(true).register(registry);
    }

    private static void bindConsumer(MeterRegistry registry, Consumer<?> consumer) {
        ConsumerCounters counters = ConsumerCounters.of(consumer);
        Tags tags = Tags.of("channel", consumer.channel().name());
        for (ConsumerCounters.Outcome outcome : ConsumerCounters.Outcome.values()) {
            FunctionCounter.builder("pgmq.consumer.messages", counters, c -> c.count(outcome))
                    .tags(tags.and("outcome", outcome.tag()))
                    .description("Messages by what the consumer did with them").register(registry);
        }
        Timer success = Timer.builder("pgmq.consumer.handler.duration").tags(tags.and("outcome", "success"))
                .description("Time handlers ran").register(registry);
        Timer failure = Timer.builder("pgmq.consumer.handler.duration").tags(tags.and("outcome", "failure"))
                .description("Time handlers ran").register(registry);
        Timer latency = Timer.builder("pgmq.consumer.delivery.latency").tags(tags)
                .description("Time from the sending transaction to the handler's start").register(registry);
        counters.subscribe(new ConsumerCounters.Timings() {
            @Override
            public void handled(Duration duration, boolean ok) {
                (ok ? success : failure).record(duration);
            }

            @Override
            public void started(Duration sinceSent) {
                latency.record(sinceSent);
            }
        });
    }

    /** The view's rows for one schema's channels, read at most once per refresh. */
    private final class Snapshot {

        final String schema;
        final List<String> channels = new ArrayList<>();
        private Map<String, StatsQueries.ChannelStats> rows = Map.of();
        private long readAt;
        private boolean read;
        private boolean failing;

        Snapshot(String schema) {
            this.schema = schema;
        }

        synchronized double read(String channel, ToDoubleFunction<StatsQueries.ChannelStats> value) {
            long now = System.nanoTime();
            if (!read || now - readAt >= refresh.toNanos()) {
                try {
                    rows = StatsQueries.read(dsl, schema, channels);
                    if (failing) {
                        LOG.info("schema \"{}\": reading pg_mq_channel_stats works again", schema);
                        failing = false;
                    }
                } catch (DataAccessException e) {
                    rows = Map.of();
                    if (!failing) {
                        LOG.warn("schema \"{}\": reading pg_mq_channel_stats for channels {} failed ({}); reporting NaN",
                                schema, channels, e.getMessage());
                        failing = true;
                    }
                }
                read = true;
                readAt = now;
            }
            StatsQueries.ChannelStats stats = rows.get(channel);
            return stats == null ? Double.NaN : value.applyAsDouble(stats);
        }
    }
}
