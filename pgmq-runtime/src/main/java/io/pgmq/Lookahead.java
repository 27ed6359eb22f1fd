package io.pgmq;

import java.time.Duration;
import java.util.function.Supplier;
import org.jooq.exception.DataAccessException;

/**
 * The question a consumer's {@link ClaimGate} asks as it goes idle: how long until the earliest message that is not
 * ready yet becomes ready ({@link Channel#untilNextReady}). One statement in autocommit on the claim thread. When it
 * fails, nothing is known, so the consumer wakes at its poll interval meanwhile (logged once at WARN).
 */
final class Lookahead implements Supplier<NextReady> {

    private final Channel<?> channel;
    private final ConsumerDatabase db;
    private final Degraded degraded;

    Lookahead(Channel<?> channel, ConsumerDatabase db, Duration pollInterval) {
        this.channel = channel;
        this.db = db;
        this.degraded = new Degraded(channel.name(), "reading when the next message is ready failed",
                "waking every " + pollInterval + " meanwhile", "reading when the next message is ready again");
    }

    @Override
    public NextReady get() {
        try {
            NextReady next = db.autocommit("read when the next message is ready", channel::untilNextReady);
            degraded.worked();
            return next;
        } catch (PgmqException | DataAccessException e) {
            degraded.failed(e);
            return NextReady.UNKNOWN;
        }
    }
}
