package io.pgmq.bench;

import io.pgmq.Consumer;
import io.pgmq.TextChannel;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * What a {@link Consumer} costs when it has nothing to do and when it sits on a huge backlog (issue 7): the CPU its
 * threads use while idle, and the heap it retains while draining a backlog compared with an empty channel. Neither
 * has a raw baseline; each row is judged against its absolute target. Not thread-safe; run once.
 */
final class ConsumerFootprint {

    /** Handler slots of the backlog consumer; with the batch size, this bounds what it holds in memory. */
    static final int CONCURRENCY = 4;
    /** Messages per claim and per batch handler call in the backlog run. */
    static final int BATCH_SIZE = 100;
    /** A generous heap cost of one claimed 64-byte message (Delivery, payload, lease token, timestamps). */
    static final long BYTES_PER_MESSAGE = 1024;
    /** Heap noise between two full collections of the same JVM state, measured at 0.1-0.5 MB here; doubled. */
    static final long HEAP_NOISE_BYTES = 2L << 20;

    private static final String IDLE_CHANNEL = "bench_idle";
    private static final String BACKLOG_CHANNEL = "bench_backlog";
    private static final Duration SETTLE = Duration.ofMillis(500);
    private static final Duration READY_DEADLINE = Duration.ofSeconds(30);
    private static final Duration SAMPLE_EVERY = Duration.ofMillis(500);

    private final DataSource dataSource;
    private final Settings settings;
    private final PrintStream progress;

    ConsumerFootprint(DataSource dataSource, Settings settings, PrintStream progress) {
        this.dataSource = dataSource;
        this.settings = settings;
        this.progress = progress;
    }

    /** Creates its channels, runs both scenarios and returns their rows. */
    List<Row> run() throws SQLException, InterruptedException {
        try (Connection c = dataSource.getConnection()) {
            BaselineSql.createChannel(c, IDLE_CHANNEL);
            BaselineSql.createChannel(c, BACKLOG_CHANNEL);
        }
        return List.of(idleCpu(), backlogHeap());
    }

    /**
     * Idle CPU: a started LISTEN consumer with default settings on a channel that gets no traffic. After it is
     * listening and has settled, the CPU time of its threads (and of pgjdbc's shared timer thread, which its statement
     * timeouts use) over the idle window, as a percentage of one core.
     */
    private Row idleCpu() throws SQLException, InterruptedException {
        TextChannel channel = TextChannel.of(IDLE_CHANNEL);
        Duration window = settings.idleRun();
        progress.printf(Locale.ROOT, "idle     consumer with no traffic: %.1f s%n", window.toMillis() / 1000.0);
        double percent;
        double processPercent;
        try (ConnectionPool pool = new ConnectionPool(dataSource, 4);
             Consumer<String> consumer = Consumer.builder(channel, pool).handler(d -> { })
                     .shutdownDeadline(Duration.ofSeconds(5)).start()) {
            awaitListening(channel);
            TimeUnit.MILLISECONDS.sleep(SETTLE.toMillis());  // the first claims after start and after LISTEN
            Map<Long, Long> before = consumerThreadCpu(channel);
            long processBefore = processCpuNanos();
            long start = System.nanoTime();
            TimeUnit.MILLISECONDS.sleep(window.toMillis());
            long elapsed = System.nanoTime() - start;
            long used = cpuSince(before, consumerThreadCpu(channel));
            percent = 100.0 * used / elapsed;
            processPercent = 100.0 * (processCpuNanos() - processBefore) / elapsed;
        }
        progress.printf(Locale.ROOT, "idle     consumer threads %.3f%% of a core (whole JVM %.2f%%)%n", percent,
                processPercent);
        return new Row("idle consumer CPU, LISTEN, no traffic", "% of a core", percent, OptionalDouble.empty(),
                List.of(percent), "<= 1% (~0%)", percent <= 1.0, String.format(Locale.ROOT, "%.0f s window; threads"
                        + " pgmq-*-%s and pgjdbc's timer; the whole JVM (JIT, GC, this harness) used %.2f%%; the "
                        + "server runs per 5 s poll interval one read of when the next message is ready, one claim "
                        + "and a connection check",
                        window.toMillis() / 1000.0, IDLE_CHANNEL, processPercent));
    }

    /**
     * Heap with a backlog: the same consumer (batch handler, batch size {@value #BATCH_SIZE}, concurrency
     * {@value #CONCURRENCY}) runs once on an empty channel and once on a channel filled with the backlog; every
     * {@link #SAMPLE_EVERY} a full collection is forced and the used heap read. The figure is the peak retained heap
     * above the heap before the consumer started; the target is the empty run's plus what the consumer may hold by
     * design (claimed, running and waiting-for-ack batches: 3 x concurrency x batch size messages).
     */
    private Row backlogHeap() throws SQLException, InterruptedException {
        int backlog = settings.memoryBacklog();
        Run empty = heapRun(0);
        Run full = heapRun(backlog);
        long designBound = 3L * CONCURRENCY * BATCH_SIZE * BYTES_PER_MESSAGE;
        long allowed = empty.peakGrowth + designBound + HEAP_NOISE_BYTES;
        double mb = full.peakGrowth / 1048576.0;
        String scenario = String.format(Locale.ROOT, "consumer heap, %,d-message backlog, batch size %d", backlog,
                BATCH_SIZE);
        String note = String.format(Locale.ROOT, "peak used heap after a forced GC, above the %.1f MB before start, "
                        + "%d samples over %.0f s; empty channel: %.2f MB; handled %,d of the backlog (%,.0f msg/s); "
                        + "allowed: empty + %.1f MB (3 x %d x %d messages) + %.0f MB noise",
                full.before / 1048576.0, full.samples, settings.memoryRun().toMillis() / 1000.0,
                empty.peakGrowth / 1048576.0, full.handled, full.handled / (settings.memoryRun().toMillis() / 1000.0),
                designBound / 1048576.0, CONCURRENCY, BATCH_SIZE, HEAP_NOISE_BYTES / 1048576.0);
        return new Row(scenario, "MB", mb, OptionalDouble.empty(), List.of(mb),
                String.format(Locale.ROOT, "<= empty + %.1f MB", (allowed - empty.peakGrowth) / 1048576.0),
                full.peakGrowth <= allowed, note);
    }

    /** One heap run: bytes above the pre-start heap at the peak sample, and how many messages were handled. */
    private record Run(long before, long peakGrowth, int samples, long handled) {
    }

    private Run heapRun(int backlog) throws SQLException, InterruptedException {
        TextChannel channel = TextChannel.of(BACKLOG_CHANNEL);
        try (Connection c = dataSource.getConnection()) {
            if (backlog > 0) {
                progress.printf(Locale.ROOT, "heap     filling a backlog of %,d messages%n", backlog);
                BaselineSql.refill(c, channel.tableName(), backlog, Bench.PAYLOAD);
            } else {
                BaselineSql.truncate(c, channel.tableName());
            }
        }
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = retainedHeap(memory);
        long peak = before;
        int samples = 0;
        AtomicLong handled = new AtomicLong();
        // claim thread, ack thread, LISTEN, lease and purge, and one per handler
        try (ConnectionPool pool = new ConnectionPool(dataSource, CONCURRENCY + 4);
             Consumer<String> consumer = Consumer.builder(channel, pool)
                     .batchHandler(batch -> handled.addAndGet(batch.size()))
                     .concurrency(CONCURRENCY).batchSize(BATCH_SIZE).purgeInterval(Duration.ZERO)
                     .shutdownDeadline(Duration.ofSeconds(5)).start()) {
            long end = System.nanoTime() + settings.memoryRun().toNanos();
            while (System.nanoTime() < end) {
                TimeUnit.MILLISECONDS.sleep(SAMPLE_EVERY.toMillis());
                peak = Math.max(peak, retainedHeap(memory));
                samples++;
            }
        }
        progress.printf(Locale.ROOT, "heap     backlog %,d: %.1f MB before start, peak %.2f MB above it over %d samples, "
                + "%,d handled%n", backlog, before / 1048576.0, (peak - before) / 1048576.0, samples, handled.get());
        return new Run(before, peak - before, samples, handled.get());
    }

    /** Used heap right after a full collection: what is retained, not garbage waiting for the next GC. */
    private static long retainedHeap(MemoryMXBean memory) {
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    private void awaitListening(TextChannel channel) throws SQLException, InterruptedException {
        awaitListening(dataSource, channel);
    }

    /** Waits until a consumer of {@code channel} has its LISTEN session open (its application_name shows it). */
    static void awaitListening(DataSource dataSource, TextChannel channel) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + READY_DEADLINE.toNanos();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_stat_activity"
                     + " WHERE application_name = ? AND datname = current_database()")) {
            ps.setString(1, "pgmq-listen-" + channel.name());
            while (true) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) > 0) {
                        return;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the consumer of " + channel.name() + " was not listening "
                            + "within " + READY_DEADLINE);
                }
                TimeUnit.MILLISECONDS.sleep(20);
            }
        }
    }

    /** CPU time by thread id of the consumer's threads ({@code pgmq-<role>-<channel>...}) and pgjdbc's timer. */
    private static Map<Long, Long> consumerThreadCpu(TextChannel channel) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> cpu = new HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            String name = info.getThreadName();
            boolean consumers = name.startsWith("pgmq-") && (name.endsWith("-" + channel.name())
                    || name.contains("-" + channel.name() + "-"));
            if (consumers || name.startsWith("PostgreSQL-JDBC-SharedTimer")) {
                long nanos = threads.getThreadCpuTime(info.getThreadId());
                if (nanos >= 0) {
                    cpu.put(info.getThreadId(), nanos);
                }
            }
        }
        return cpu;
    }

    /** CPU used since {@code before}; a thread started meanwhile counts in full. */
    private static long cpuSince(Map<Long, Long> before, Map<Long, Long> after) {
        long used = 0;
        for (Map.Entry<Long, Long> e : after.entrySet()) {
            used += e.getValue() - before.getOrDefault(e.getKey(), 0L);
        }
        return used;
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }
}
