package io.pgmq;

import io.pgmq.internal.ConsumerCounters;

/**
 * The parts of a consumer that both claim sides use.
 *
 * @param gate     when to claim: free slots, wake-ups, follow-ups
 * @param db       the consumer's statements and transactions
 * @param pool     the handler threads
 * @param counters what the consumer counts
 */
record ConsumerParts(ClaimGate gate, ConsumerDatabase db, HandlerPool pool, ConsumerCounters counters) {
}
