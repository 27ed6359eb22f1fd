package io.pgmq.fault;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One row of {@code fault_ledger}: one handling of one message, as its handler recorded it.
 *
 * @param seq            the row's order of insertion
 * @param id             the message's fault id (from its payload)
 * @param channel        the channel
 * @param msgId          the message's msg_id
 * @param attempt        the delivery's attempt
 * @param leaseToken     the delivery's lease; empty for a locked claim
 * @param leaseExpiresAt when that lease was to end when the message was claimed; empty for a locked claim
 * @param lastError      the last error the message carried when delivered
 * @param consumer       which consumer handled it
 * @param handledAt      when the handler recorded it
 */
record Handled(long seq, long id, String channel, long msgId, int attempt, Optional<UUID> leaseToken,
               Optional<Instant> leaseExpiresAt, Optional<String> lastError, String consumer, Instant handledAt) {

    Handled {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(leaseToken, "leaseToken");
        Objects.requireNonNull(leaseExpiresAt, "leaseExpiresAt");
        Objects.requireNonNull(lastError, "lastError");
        Objects.requireNonNull(consumer, "consumer");
        Objects.requireNonNull(handledAt, "handledAt");
    }

    /** E.g. {@code attempt 1 of msg_id 42 on "text_steady" by c1-single at 2026-…Z (lease 7f…)}. */
    String describe() {
        return "attempt " + attempt + " of msg_id " + msgId + " on \"" + channel + "\" by " + consumer + " at "
                + handledAt + leaseToken.map(t -> " (lease " + t + ", to expire at " + leaseExpiresAt.orElseThrow()
                        + ")").orElse(" (locked claim)");
    }
}
