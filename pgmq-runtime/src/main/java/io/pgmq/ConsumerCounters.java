package io.pgmq;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a {@link Consumer} counts, without naming Micrometer: {@link PgmqMetrics} reads the adders and subscribes a
 * {@link Timings} listener, so the runtime loads and runs with no Micrometer on the class path. Thread-safe.
 */
final class ConsumerCounters {

    final LongAdder claimed = new LongAdder();
    final LongAdder acked = new LongAdder();
    final LongAdder nacked = new LongAdder();
    final LongAdder dead = new LongAdder();
    final LongAdder released = new LongAdder();
    final LongAdder leaseLost = new LongAdder();
    final LongAdder purged = new LongAdder();
    private final List<Timings> timings = new CopyOnWriteArrayList<>();

    /** Receives the durations a consumer measures; called on handler threads, so it must be fast and thread-safe. */
    interface Timings {

        /** A handler ran for {@code duration} and returned ({@code success}) or threw. */
        void handled(Duration duration, boolean success);

        /** A message waited {@code sinceSent} from its sending transaction until its handler started. */
        void started(Duration sinceSent);
    }

    void subscribe(Timings listener) {
        timings.add(listener);
    }

    void handled(Duration duration, boolean success) {
        for (Timings t : timings) {
            t.handled(duration, success);
        }
    }

    void started(Duration sinceSent) {
        for (Timings t : timings) {
            t.started(sinceSent);
        }
    }
}
