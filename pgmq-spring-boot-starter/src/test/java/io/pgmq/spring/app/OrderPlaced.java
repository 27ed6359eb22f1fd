package io.pgmq.spring.app;

/**
 * A json channel's message, as the code generator writes a manifest's {@code messages} entry (a record).
 *
 * @param orderId the order
 * @param email   where its confirmation goes
 */
public record OrderPlaced(long orderId, String email) {
}
