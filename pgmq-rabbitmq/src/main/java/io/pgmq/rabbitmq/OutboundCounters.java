package io.pgmq.rabbitmq;

import java.util.concurrent.atomic.LongAdder;

/** The counters behind {@link OutboundStats}; thread-safe. */
final class OutboundCounters {

    private final LongAdder published = new LongAdder();
    private final LongAdder confirmed = new LongAdder();
    private final LongAdder returned = new LongAdder();
    private final LongAdder nacked = new LongAdder();
    private final LongAdder republished = new LongAdder();

    void published(boolean again) {
        published.increment();
        if (again) {
            republished.increment();
        }
    }

    void confirmed() {
        confirmed.increment();
    }

    void returned() {
        returned.increment();
    }

    void nacked() {
        nacked.increment();
    }

    OutboundStats snapshot() {
        return new OutboundStats(published.sum(), confirmed.sum(), returned.sum(), nacked.sum(), republished.sum());
    }
}
