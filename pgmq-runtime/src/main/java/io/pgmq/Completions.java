package io.pgmq;

import io.pgmq.internal.ConsumerCounters;
import io.pgmq.internal.ConsumerCounters.Outcome;
import java.util.List;
import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a lease consumer settles what its handlers did: acks, nacks and releases, each retried on a new connection when
 * the connection failed (the backend was killed, the server restarted). A lost lease is not retried: the message was
 * or will be delivered again, and never acked twice, since an ack presents the lease token a redelivery replaces.
 * Counts what it settles. Thread-safe.
 *
 * @param <T> the payload type
 */
final class Completions<T> {

    private static final Logger LOG = LoggerFactory.getLogger(Completions.class);
    private static final int ATTEMPTS = 3;
    private static final int MAX_ERROR_CHARS = 8000;

    private final Channel<T> channel;
    private final ConsumerDatabase db;
    private final ConsumerCounters counters;
    private final ClaimGate gate;

    Completions(Channel<T> channel, ConsumerDatabase db, ConsumerCounters counters, ClaimGate gate) {
        this.channel = channel;
        this.db = db;
        this.counters = counters;
        this.gate = gate;
    }

    /** Acks handled deliveries in one statement; those whose lease was lost are counted and logged. */
    void ack(List<Delivery<T>> deliveries) {
        retrying("ack", deliveries, () -> {
            List<Long> acked = db.autocommit("ack", session -> channel.ackHeld(session, deliveries));
            counters.add(Outcome.ACKED, acked.size());
            if (acked.size() < deliveries.size()) {
                List<Long> lost = Errors.missing(ids(deliveries), acked);
                counters.add(Outcome.LEASE_LOST, lost.size());
                LOG.warn("channel \"{}\": ack of messages {} failed: their leases were lost (expired and claimed "
                        + "again, or already acked), so they are handled again; raise the lease, or make handlers "
                        + "return sooner", channel.name(), lost);
            }
        });
    }

    /**
     * Nacks each delivery with {@code failure}'s text as its last error: retried after the channel's backoff, or a
     * dead letter. Then wakes the claim thread, which learns when the retry is due.
     */
    void nack(List<Delivery<T>> deliveries, Exception failure) {
        String error = errorText(failure);
        for (Delivery<T> d : deliveries) {
            retrying("nack", List.of(d), () -> {
                NackOutcome outcome = db.transaction(tx -> channel.nack(tx, d, error));
                counters.add(Outcome.NACKED, 1);
                if (outcome instanceof NackOutcome.Dead) {
                    counters.add(Outcome.DEAD, 1);
                    LOG.warn("channel \"{}\": message {} is a dead letter after {} attempts: {}", channel.name(),
                            d.msgId(), d.attempt(), error);
                } else {
                    LOG.debug("channel \"{}\": message {} failed on attempt {}, retried later: {}",
                            channel.name(), d.msgId(), d.attempt(), error);
                }
            });
        }
        gate.wake();
    }

    /** Gives back claimed messages that no handler started, claimable again at once. */
    void release(List<Delivery<T>> deliveries) {
        if (deliveries.isEmpty()) {
            return;
        }
        try {
            List<Long> released = db.transaction(tx -> channel.release(tx, deliveries));
            counters.add(Outcome.RELEASED, released.size());
            LOG.debug("channel \"{}\": released unstarted messages {}", channel.name(), released);
        } catch (PgmqException | DataAccessException e) {
            LOG.warn("channel \"{}\": releasing unstarted messages {} failed ({}); they come back when their leases "
                    + "expire", channel.name(), ids(deliveries), e.getMessage());
        }
    }

    /** An exception as a message's last error: its {@code toString()}, at most 8,000 characters. */
    static String errorText(Exception e) {
        String text = e.toString();
        return text.length() <= MAX_ERROR_CHARS ? text : text.substring(0, MAX_ERROR_CHARS) + "...";
    }

    static List<Long> ids(List<? extends Delivery<?>> deliveries) {
        return deliveries.stream().map(Delivery::msgId).toList();
    }

    private void retrying(String operation, List<Delivery<T>> deliveries, Runnable completion) {
        long backoff = 0;
        for (int attempt = 1; ; attempt++) {
            try {
                completion.run();
                return;
            } catch (LeaseLostException e) {
                counters.add(Outcome.LEASE_LOST, deliveries.size());
                LOG.warn("{}; the message is handled again", e.getMessage());
                return;
            } catch (PgmqException | DataAccessException e) {
                if (attempt >= ATTEMPTS || !isConnectionFailure(e)) {
                    LOG.warn("channel \"{}\": {} of messages {} failed ({}); they are delivered again when their "
                            + "leases expire", channel.name(), operation, ids(deliveries), e.getMessage());
                    return;
                }
                LOG.debug("channel \"{}\": {} failed on attempt {}, retrying", channel.name(), operation, attempt, e);
                backoff = backoff == 0 ? 100 : backoff * 2;
                if (gate.awaitStop(backoff) && Thread.currentThread().isInterrupted()) {
                    return;
                }
            }
        }
    }

    private static boolean isConnectionFailure(RuntimeException e) {
        String state = e instanceof PgmqException p ? p.sqlState().orElse(null)
                : ((DataAccessException) e).sqlState();
        // 08: connection exceptions; 57P: the server shut down or killed the backend; null: no answer at all
        return state == null || state.startsWith("08") || state.startsWith("57P");
    }
}
