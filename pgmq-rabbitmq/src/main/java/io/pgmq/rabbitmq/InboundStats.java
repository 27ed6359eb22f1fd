package io.pgmq.rabbitmq;

/**
 * What an {@link Inbound} gateway did since it started.
 *
 * @param received   messages the broker delivered, redeliveries included
 * @param stored     messages stored in the channel and acked to the broker
 * @param refused    messages the channel refused, rejected to the broker's dead letters with the reason
 * @param duplicates of the stored, messages whose message-id the channel already held (with
 *                   {@link Inbound.Builder#deduplicateByMessageId()}): acked, nothing new sent
 */
public record InboundStats(long received, long stored, long refused, long duplicates) {
}
