/**
 * A transactional gateway between pgmq channels and RabbitMQ.
 *
 * <p>{@link io.pgmq.rabbitmq.Outbound} moves a channel's messages to an exchange: it claims them with a pgmq
 * {@link io.pgmq.Consumer}, publishes them with publisher confirms and mandatory routing, and acks them in PostgreSQL
 * only after the broker confirmed them. A message therefore reaches the broker if and only if the transaction that
 * sent it committed (the outbox stays in PostgreSQL), at least once: a failure between the broker's confirm and the
 * ack publishes it again, with the same AMQP {@code message-id} ({@code <channel>:<msg_id>}), so that consumers can
 * deduplicate.
 *
 * <p>{@link io.pgmq.rabbitmq.Inbound} moves a queue's messages into a channel: it consumes with manual acks and a
 * prefetch, stores each batch in one PostgreSQL transaction, and acks to the broker only after that transaction
 * committed. A message the channel refuses is rejected to the broker's dead letters with the reason, never acked and
 * lost.
 */
package io.pgmq.rabbitmq;
