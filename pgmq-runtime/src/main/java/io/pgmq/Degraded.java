package io.pgmq;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One loop's "degraded: back off, warn once": the first failure of a run of failures is logged at WARN with what
 * happens meanwhile, the others at DEBUG; each waits a capped exponential backoff (100 ms doubling to 10 s); the first
 * success after them is logged at INFO. Every consumer loop (claims, locked rounds, LISTEN, purge, wake-up reads) has
 * one. Thread-safe: rounds on several handler threads share one.
 */
final class Degraded {

    private static final Logger LOG = LoggerFactory.getLogger(Degraded.class);
    private static final long MIN_BACKOFF_MILLIS = 100;
    private static final long MAX_BACKOFF_MILLIS = 10_000;

    private final String channel;
    private final String failure;
    private final String meanwhile;
    private final String recovery;
    private long backoff;
    private boolean failing;

    /**
     * Names what fails, for one loop.
     *
     * @param channel    the channel, named in every message
     * @param failure    what failed, e.g. {@code claim failed}
     * @param meanwhile  what happens until it works again, e.g. {@code retrying with backoff}
     * @param recovery   what the INFO line says once it works again, e.g. {@code claiming again}
     */
    Degraded(String channel, String failure, String meanwhile, String recovery) {
        this.channel = channel;
        this.failure = failure;
        this.meanwhile = meanwhile;
        this.recovery = recovery;
    }

    /** Records a failure and logs it: at WARN the first time, at DEBUG while it keeps failing. */
    synchronized void failed(Exception e) {
        if (!failing) {
            LOG.warn("channel \"{}\": {} ({}); {}", channel, failure, e.getMessage(), meanwhile);
            failing = true;
        } else {
            LOG.debug("channel \"{}\": {} again", channel, failure, e);
        }
    }

    /** Waits the next backoff (100 ms, doubling to 10 s) unless the consumer stops; true when it stops. */
    boolean backOff(ClaimGate gate) {
        long wait;
        synchronized (this) {
            backoff = backoff == 0 ? MIN_BACKOFF_MILLIS : Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
            wait = backoff;
        }
        return gate.awaitStop(wait);
    }

    /** Records a success: after failures, logs the recovery at INFO and starts the backoff over. */
    synchronized void worked() {
        if (failing) {
            LOG.info("channel \"{}\": {}", channel, recovery);
            failing = false;
        }
        backoff = 0;
    }
}
