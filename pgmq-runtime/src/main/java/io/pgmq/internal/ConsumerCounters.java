package io.pgmq.internal;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a consumer counts and times, without naming Micrometer: {@code io.pgmq.micrometer.PgmqMetrics} reads the
 * counts and subscribes to the timings, so the runtime loads and runs with no Micrometer on the class path. A consumer
 * {@linkplain #register registers} its counters under itself, so that it needs no public method for them.
 *
 * <p>Internal to pgmq-runtime: not an API, and it may change in any release. Thread-safe.
 */
public final class ConsumerCounters {

    /** Counters by consumer, weakly: a consumer that is gone takes its counters along. */
    private static final Map<Object, ConsumerCounters> BY_CONSUMER = Collections.synchronizedMap(new WeakHashMap<>());

    private final LongAdder[] counts = new LongAdder[Outcome.values().length];
    private final List<Timings> timings = new CopyOnWriteArrayList<>();

    private ConsumerCounters() {
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
    }

    /** What a consumer did with messages, each counted. */
    public enum Outcome {
        /** Claimed (leased, or locked in a round that committed). */
        CLAIMED("claimed"),
        /** Acked, or completed in a round that committed. */
        ACKED("acked"),
        /** Nacked, or failed in a round that committed. */
        NACKED("nacked"),
        /** Nacked or failed on their last attempt: now dead letters. */
        DEAD("dead"),
        /** Given back unstarted at close. */
        RELEASED("released"),
        /** Handled, but their lease was lost before the ack. */
        LEASE_LOST("lease_lost"),
        /** Deleted by retention. */
        PURGED("purged");

        private final String tag;

        Outcome(String tag) {
            this.tag = tag;
        }

        /** The outcome's name in metrics, e.g. {@code lease_lost}. */
        public String tag() {
            return tag;
        }
    }

    /** Receives the durations a consumer measures; called on handler threads, so it must be fast and thread-safe. */
    public interface Timings {

        /** A handler ran for {@code duration} and returned ({@code success}) or threw. */
        void handled(Duration duration, boolean success);

        /** A message waited {@code sinceSent} from its sending transaction until its handler started. */
        void started(Duration sinceSent);
    }

    /** New counters for {@code consumer}, registered under it (identity) for {@link #of}. */
    public static ConsumerCounters register(Object consumer) {
        ConsumerCounters counters = new ConsumerCounters();
        BY_CONSUMER.put(consumer, counters);
        return counters;
    }

    /**
     * The counters {@code consumer} registered.
     *
     * @throws IllegalArgumentException if it registered none (it is no {@code io.pgmq.Consumer})
     */
    public static ConsumerCounters of(Object consumer) {
        ConsumerCounters counters = BY_CONSUMER.get(consumer);
        if (counters == null) {
            throw new IllegalArgumentException(consumer + " is no running pgmq Consumer: it has no counters");
        }
        return counters;
    }

    /** Counts {@code n} messages with {@code outcome}. */
    public void add(Outcome outcome, long n) {
        counts[outcome.ordinal()].add(n);
    }

    /** How many messages had {@code outcome} so far. */
    public long count(Outcome outcome) {
        return counts[outcome.ordinal()].sum();
    }

    /** Subscribes {@code listener} to the durations measured from now on. */
    public void subscribe(Timings listener) {
        timings.add(listener);
    }

    /** Records that a handler ran for {@code duration}, and whether it returned. */
    public void handled(Duration duration, boolean success) {
        for (Timings t : timings) {
            t.handled(duration, success);
        }
    }

    /** Records that a message's handler started {@code sinceSent} after its sending transaction. */
    public void started(Duration sinceSent) {
        for (Timings t : timings) {
            t.started(sinceSent);
        }
    }
}
