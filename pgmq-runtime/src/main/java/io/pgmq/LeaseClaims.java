package io.pgmq;

import io.pgmq.internal.ConsumerCounters;
import io.pgmq.internal.ConsumerCounters.Outcome;
import java.util.List;
import org.jooq.exception.DataAccessException;

/**
 * The claim side of a consumer whose handlers run under leases ({@link Handling.Leased}): the claim thread's loop
 * claims for the free slots ({@link ClaimGate}) in autocommit, one round trip per claim, and dispatches the units to
 * handler threads; handled units are acked by the ack thread ({@link AckBatcher}), failed ones nacked, and close()
 * releases the units not started. Thread-safe.
 *
 * @param <T> the payload type
 */
final class LeaseClaims<T> implements Claiming {

    private final ConsumerSettings<T> settings;
    private final Handling.Leased<T> handling;
    private final ClaimGate gate;
    private final ConsumerDatabase db;
    private final ConsumerCounters counters;
    private final Completions<T> completions;
    private final LeaseExtension<T> extension;
    private final AckBatcher<T> acks;
    private final Dispatch<T> dispatch;
    private final Degraded degraded;

    LeaseClaims(ConsumerSettings<T> settings, Handling.Leased<T> handling, ConsumerParts parts) {
        this.settings = settings;
        this.handling = handling;
        this.gate = parts.gate();
        this.db = parts.db();
        this.counters = parts.counters();
        String name = settings.channel().name();
        this.completions = new Completions<>(settings.channel(), db, counters, gate);
        this.extension = new LeaseExtension<>(settings.channel(), db, settings.lease());
        this.acks = new AckBatcher<>(name, settings.concurrency(), settings.pollInterval(), completions);
        this.dispatch = new Dispatch<>(parts.pool(), gate, new LeaseHandler<>(handling, acks, completions, counters),
                extension, completions);
        this.degraded = new Degraded(name, "claim failed", "retrying with backoff", "claiming again");
    }

    @Override
    public String describe() {
        return "lease " + settings.lease();
    }

    @Override
    public void start() {
        acks.start();
    }

    /** The claim thread: claims for free slots when the gate says so, and dispatches what it got. */
    @Override
    public void run() {
        int batchSize = settings.batchSize();
        while (true) {
            int taken;
            try {
                taken = gate.awaitTurn(handling.slotsPerClaim(batchSize));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (taken == 0) {
                return;  // stopping
            }
            int max = handling.claimSize(taken, batchSize);
            List<Delivery<T>> claimed;
            try {
                claimed = db.autocommit("claim", session -> settings.channel().claim(session, max, settings.lease()));
            } catch (PgmqException | DataAccessException e) {
                gate.returnSlots(taken);
                gate.failed(true);
                degraded.failed(e);
                if (degraded.backOff(gate)) {
                    return;
                }
                continue;
            }
            degraded.worked();
            counters.add(Outcome.CLAIMED, claimed.size());
            gate.claimed(claimed.size(), claimed.size() == max);
            if (gate.stopping()) {
                gate.returnSlots(taken);
                completions.release(claimed);
                return;
            }
            List<List<Delivery<T>>> units = handling.units(claimed);
            gate.returnSlots(taken - units.size());
            units.forEach(dispatch::dispatch);
        }
    }

    @Override
    public void stopClaiming() {
        dispatch.releaseUnstarted();
    }

    @Override
    public String afterInterrupt() {
        return "their messages come back when their leases expire";
    }

    @Override
    public void finish(long deadlineNanos) throws InterruptedException {
        acks.close();
        acks.join(deadlineNanos);
    }

    @Override
    public void abandon() {
        acks.close();
        dispatch.releaseUnstarted();
        extension.stop();
    }

    /** How many handled units wait for the ack thread (tests watch the ack queue fill). */
    int acksWaiting() {
        return acks.waiting();
    }
}
