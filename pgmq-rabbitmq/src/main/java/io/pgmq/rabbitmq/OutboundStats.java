package io.pgmq.rabbitmq;

/**
 * What an {@link Outbound} gateway did since it started.
 *
 * @param published   publishes, including republishes
 * @param confirmed   messages the broker confirmed and routed
 * @param returned    messages the broker returned unroutable (mandatory publishing); nacked in pgmq
 * @param nacked      messages the broker nacked; nacked in pgmq
 * @param republished publishes of messages that may have reached the broker before: their connection closed before
 *                    the broker's word on them, or pgmq delivered them again (a later attempt)
 */
public record OutboundStats(long published, long confirmed, long returned, long nacked, long republished) {
}
