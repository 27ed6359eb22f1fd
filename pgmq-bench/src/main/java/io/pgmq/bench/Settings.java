package io.pgmq.bench;

import java.time.Duration;

/**
 * How long and how often the harness measures.
 *
 * @param run           length of each timed run (one side of one scenario)
 * @param warmup        length of each run of the unrecorded warm-up round (JIT, class loading, caches)
 * @param rounds        interleaved rounds; each scenario's sides alternate which goes first
 * @param smoke         a few-second run that only proves the harness works; its figures decide nothing
 * @param backlog       messages pre-filled before each claim run
 * @param latencyRate   messages per second in the latency run
 * @param latencyWarmup sends at that rate whose latencies are discarded (consumer connecting, JIT)
 * @param latencyRun    the measured part of the latency run
 * @param idleRun       how long the idle consumer's CPU is measured
 * @param memoryBacklog messages pre-filled for the consumer heap run
 * @param memoryRun     how long the consumer heap is sampled, on that backlog and on an empty channel
 */
record Settings(Duration run, Duration warmup, int rounds, boolean smoke, int backlog, int latencyRate,
                Duration latencyWarmup, Duration latencyRun, Duration idleRun, int memoryBacklog, Duration memoryRun) {

    Settings {
        if (run.isNegative() || run.isZero()) {
            throw new IllegalArgumentException("seconds must be positive, was " + run.toMillis() / 1000.0);
        }
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be at least 1, was " + rounds);
        }
    }

    /**
     * The full run: a 1 s warm-up round, then {@code seconds} per run, {@code rounds} rounds; latency at 1,000 msg/s
     * for 10 s after a 2 s warm-up; an idle consumer for 10 s; consumer heap for 10 s on a 1,000,000-message backlog.
     */
    static Settings fullRun(double seconds, int rounds) {
        Duration run = Duration.ofMillis(Math.round(seconds * 1000));
        // raw claims reach ~100k/s here; a run that drains its backlog stops early and is marked in the report
        int backlog = (int) Math.max(50_000, Math.min(1_000_000, Math.round(seconds * 100_000)));
        return new Settings(run, Duration.ofSeconds(1), rounds, false, backlog, 1000, Duration.ofSeconds(2),
                Duration.ofSeconds(10), Duration.ofSeconds(10), 1_000_000, Duration.ofSeconds(10));
    }

    /**
     * The smoke run: 0.1 s warm-up and 0.5 s per run, 1 round, latency at 200 msg/s for 1 s, idle consumer for 1 s,
     * consumer heap for 1 s on a 10,000-message backlog.
     */
    static Settings smokeRun() {
        return new Settings(Duration.ofMillis(500), Duration.ofMillis(100), 1, true, 10_000, 200, Duration.ofMillis(300),
                Duration.ofSeconds(1), Duration.ofSeconds(1), 10_000, Duration.ofSeconds(1));
    }
}
