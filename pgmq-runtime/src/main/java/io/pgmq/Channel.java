package io.pgmq;

import io.pgmq.schema.ChannelName;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.jooq.DSLContext;

/**
 * A typed message channel: a queue table {@code "<schema>"."pg_mq_queue_<name>"} created by
 * {@code pg_mq_create_queue} or by the migrations the code generator writes. Its subclasses fix the payload type
 * ({@link TextChannel}, {@link XmlChannel}, {@link ByteaChannel}, {@link JsonChannel}), so sending the wrong type
 * does not compile.
 *
 * <p>Every operation runs in the caller's transaction ({@link DSLContext}, or {@link Pgmq#using(Connection)} for plain
 * JDBC); pgmq never commits. Messages are received at-most-once ({@link #receive}), at-least-once with leases
 * ({@link #claim}, {@link #ack}, {@link #nack}), or at-least-once held by the caller's transaction
 * ({@link #claimLocked}, {@link #complete}, {@link #fail}); the {@linkplain io.pgmq package overview} explains the
 * three, the order receivers see, and the errors. Bad arguments fail before any SQL runs; database errors become
 * {@link PgmqException}s naming the channel and the operation. Immutable and thread-safe; the first operation checks
 * once that the channel exists in the catalog with this payload type.
 *
 * @param <T> the payload type
 */
public abstract sealed class Channel<T> permits TextChannel, XmlChannel, ByteaChannel, JsonChannel {

    /** The largest batch one call may send, receive or claim. */
    public static final int MAX_BATCH = 1000;

    private final ChannelTable table;
    private final PayloadCodec<T> codec;
    private final SendQueries<T> sends;
    private final ChannelQueries<T> queries;
    private final OperationRunner<T> runner;

    Channel(String schema, String name, PayloadCodec<T> codec) {
        this.table = new ChannelTable(Arguments.schema(schema), checkName(name));
        this.codec = codec;
        this.sends = new SendQueries<>(table, codec);
        this.queries = new ChannelQueries<>(table, codec);
        this.runner = new OperationRunner<>(table, codec);
    }

    /**
     * Returns the channel's name, e.g. {@code order_emails}: also its {@code LISTEN} channel.
     *
     * @return the name, never null
     */
    public final String name() {
        return table.channel();
    }

    /**
     * Returns the schema that holds the channel's table and pgmq's functions.
     *
     * @return the schema name, never null
     */
    public final String schema() {
        return table.schema();
    }

    /**
     * Returns the payload type this channel holds.
     *
     * @return the payload type, never null
     */
    public final PayloadType payloadType() {
        return codec.type();
    }

    /**
     * Returns the channel's queue table name, {@code pg_mq_queue_<name>}.
     *
     * @return the table name, without schema, never null
     */
    public final String tableName() {
        return table.tableName();
    }

    /**
     * Sends one message in the caller's transaction and returns its {@code msg_id}.
     *
     * @param tx      the caller's transaction: the message exists if and only if it commits
     * @param payload the payload, not null
     * @return the message's id
     * @throws NullPointerException if {@code tx} or {@code payload} is null
     * @throws PgmqException if the database refuses it (unknown channel, missing INSERT grant, malformed xml)
     */
    public final long send(DSLContext tx, T payload) {
        Arguments.payload(name(), payload);
        if (Tracing.AVAILABLE) {
            SendOptions traced = Tracing.inject(SendOptions.none());
            if (traced.hasMetadata()) {
                return runner.run(tx, Operation.SEND, s -> sends.sendWithMetadata(tx, payload, traced)).msgId();
            }
        }
        return runner.run(tx, Operation.SEND, s -> sends.send(tx, payload));
    }

    /**
     * Sends one message that no receiver gets before {@code delay} has passed (on the database's clock) and returns
     * its {@code msg_id}.
     *
     * @param tx      the caller's transaction
     * @param payload the payload, not null
     * @param delay   how long after the send the message becomes claimable, not negative
     * @return the message's id
     * @throws IllegalArgumentException if {@code delay} is negative
     */
    public final long send(DSLContext tx, T payload, Duration delay) {
        Arguments.payload(name(), payload);
        Arguments.notNegative("delay", delay);
        if (Tracing.AVAILABLE) {
            return send(tx, payload, SendOptions.delay(delay)).msgId();
        }
        return runner.run(tx, Operation.SEND, s -> sends.sendAfter(tx, payload, delay));
    }

    /**
     * Sends one message that no receiver gets before {@code deliverAt} and returns its {@code msg_id}.
     *
     * @param tx        the caller's transaction
     * @param payload   the payload, not null
     * @param deliverAt when the message becomes claimable, on the database's clock; not null
     * @return the message's id
     */
    public final long send(DSLContext tx, T payload, Instant deliverAt) {
        Arguments.payload(name(), payload);
        Objects.requireNonNull(deliverAt, "deliverAt");
        if (Tracing.AVAILABLE) {
            return send(tx, payload, SendOptions.at(deliverAt)).msgId();
        }
        return runner.run(tx, Operation.SEND, s -> sends.sendAt(tx, payload, deliverAt));
    }

    /**
     * Sends one message with options (a delay or instant, {@link Headers}, a deduplication key) in the caller's
     * transaction. With a key that a message of this channel still holds (ready, delayed, leased, dead, or done
     * within the channel's dedup window), nothing is inserted or notified and the result names the holder with
     * {@link SendResult#duplicate()} true; it does not throw, so the caller's transaction goes on. When another
     * transaction has sent the same key and not yet ended, this send waits for it: if it commits, this is a duplicate
     * of its message; if it rolls back, this send inserts its own.
     *
     * @param tx      the caller's transaction: the message exists if and only if it commits
     * @param payload the payload, not null
     * @param options the options, not null; {@link SendOptions#none()} for a plain send
     * @return the message's id and whether it was a duplicate
     * @throws NullPointerException if an argument is null
     * @throws PgmqException if the database refuses it (unknown channel, missing INSERT grant, malformed xml)
     */
    public final SendResult send(DSLContext tx, T payload, SendOptions options) {
        Arguments.payload(name(), payload);
        Objects.requireNonNull(options, "options");
        options = Tracing.inject(options);
        if (!options.hasMetadata()) {
            // the plain statements, not the public sends, which come back here when OpenTelemetry is present
            Duration delay = options.delay().orElse(null);
            Instant at = options.deliverAt().orElse(null);
            long id = runner.run(tx, Operation.SEND, s -> delay != null ? sends.sendAfter(tx, payload, delay)
                    : at != null ? sends.sendAt(tx, payload, at) : sends.send(tx, payload));
            return new SendResult(id, false);
        }
        SendOptions withContext = options;
        return runner.run(tx, Operation.SEND, s -> sends.sendWithMetadata(tx, payload, withContext));
    }

    /**
     * Sends one message on a plain JDBC connection, in its current transaction; see {@link #send(DSLContext, Object)}.
     *
     * @param tx      the caller's connection; pgmq never commits, rolls back or closes it
     * @param payload the payload, not null
     * @return the message's id
     */
    public final long send(Connection tx, T payload) {
        return send(Pgmq.using(Objects.requireNonNull(tx, "tx")), payload);
    }

    /**
     * Sends many messages in the caller's transaction, one INSERT per {@value #MAX_BATCH}, and returns their ids in
     * input order.
     *
     * @param tx       the caller's transaction: all messages exist if and only if it commits
     * @param payloads the payloads, none null; may be empty
     * @return the messages' ids, in the order of {@code payloads}
     * @throws NullPointerException if {@code payloads} or any element is null (nothing is sent)
     */
    public final List<Long> sendBatch(DSLContext tx, Collection<? extends T> payloads) {
        Objects.requireNonNull(tx, "tx");
        List<T> values = Arguments.payloads(name(), payloads);
        return runner.run(tx, Operation.SEND_BATCH, s -> sends.sendBatch(tx, values));
    }

    /**
     * Sends many messages in the caller's transaction, each with its own options (headers, a deduplication key, a
     * delay), and returns what each send did, in input order. Unlike {@link #sendBatch(DSLContext, Collection)} this
     * runs one statement per message: the options differ per row.
     *
     * @param tx       the caller's transaction: all messages exist if and only if it commits
     * @param payloads the payloads, none null; may be empty
     * @param options  the options of each payload, e.g. {@code p -> SendOptions.none().dedupKey(p.id())}; never
     *                 returns null
     * @return each send's result, in the order of {@code payloads}
     * @throws NullPointerException if an argument, a payload or an option is null (messages before it are sent in
     *                              {@code tx}, which the caller then rolls back)
     */
    public final List<SendResult> sendBatch(DSLContext tx, Collection<? extends T> payloads,
                                            java.util.function.Function<? super T, SendOptions> options) {
        Objects.requireNonNull(tx, "tx");
        Objects.requireNonNull(options, "options");
        List<T> values = Arguments.payloads(name(), payloads);
        List<SendResult> results = new java.util.ArrayList<>(values.size());
        for (T value : values) {
            results.add(send(tx, value, Objects.requireNonNull(options.apply(value), "options of a payload")));
        }
        return results;
    }

    /**
     * Receives up to {@code max} ready messages, oldest first, and marks them delivered (at-most-once): no other
     * receiver gets them once the caller's transaction commits. Returns an empty list when none is ready.
     *
     * @param tx  the caller's transaction; a rollback makes the messages ready again
     * @param max the most messages to return, 1..{@value #MAX_BATCH}
     * @return the messages, possibly empty
     * @throws IllegalArgumentException if {@code max} is not 1..{@value #MAX_BATCH}
     */
    public final List<Message<T>> receive(DSLContext tx, int max) {
        Arguments.batch("max", max);
        return runner.run(tx, Operation.RECEIVE, s -> queries.receive(tx, max));
    }

    /**
     * Claims up to {@code max} ready messages, oldest first, for {@code lease} (at-least-once): other consumers do not
     * get them until the lease expires. Ack or nack each before {@link Delivery#leaseExpiresAt()}. A message whose
     * attempts are used up goes to the dead letters instead, so fewer than {@code max} may come back. Commit the
     * claim before working on the messages, or the lease is invisible to others and held only by row locks.
     *
     * @param tx    the transaction that records the leases; commit it before the work (autocommit is fine)
     * @param max   the most messages to claim, 1..{@value #MAX_BATCH}
     * @param lease how long the messages stay hidden, positive
     * @return the deliveries, possibly empty, sharing one lease token
     * @throws IllegalArgumentException if {@code max} is not 1..{@value #MAX_BATCH} or {@code lease} is not positive
     */
    public final List<Delivery<T>> claim(DSLContext tx, int max, Duration lease) {
        Arguments.batch("max", max);
        Arguments.positive("lease", lease);
        return runner.run(tx, Operation.CLAIM, s -> s.claim(tx, max, lease));
    }

    /**
     * Acks a claimed message: it is done and no consumer gets it again.
     *
     * @param tx       the transaction the ack commits with (any, autocommit included)
     * @param delivery the claimed message, from this channel
     * @throws LeaseLostException if the lease expired and another consumer claimed it, or it was acked already
     */
    public final void ack(DSLContext tx, Delivery<T> delivery) {
        Arguments.delivery(name(), delivery);
        runner.run(tx, Operation.ACK, delivery.msgId(), s -> {
            if (s.ack(tx, List.of(delivery)).isEmpty()) {
                queries.ackOrRaise(tx, delivery);  // acks nothing either: raises PQ010 with the reason
            }
            return null;
        });
    }

    /**
     * Acks claimed messages in one statement. Those whose lease was lost are left alone and reported.
     *
     * @param tx         the transaction the acks commit with
     * @param deliveries the claimed messages, from this channel
     * @throws LeaseLostException after acking the others, naming the messages whose lease was lost
     */
    public final void ack(DSLContext tx, Collection<Delivery<T>> deliveries) {
        List<Long> acked = ackHeld(tx, deliveries);
        if (acked.size() != deliveries.size()) {
            throw Errors.leasesLost(name(), Errors.missing(deliveries.stream().map(Delivery::msgId).toList(), acked));
        }
    }

    /**
     * Acks the deliveries whose lease is still held, in one statement, and returns their ids: the public
     * {@link #ack(DSLContext, Collection)} and a consumer's ack thread both ack here.
     */
    final List<Long> ackHeld(DSLContext tx, Collection<? extends Delivery<T>> deliveries) {
        if (Arguments.deliveries(name(), deliveries).isEmpty()) {
            return List.of();
        }
        return runner.run(tx, Operation.ACK, s -> s.ack(tx, deliveries));
    }

    /**
     * Nacks a claimed message: records {@code error} as its last error and makes it claimable again after the
     * channel's exponential backoff, or moves it to the dead letters when its attempts are used up.
     *
     * @param tx       the transaction the nack commits with
     * @param delivery the claimed message, from this channel
     * @param error    why the attempt failed, kept as the message's last error
     * @return whether the message will be retried (and when) or is a dead letter
     * @throws LeaseLostException if the lease was lost
     */
    public final NackOutcome nack(DSLContext tx, Delivery<T> delivery, String error) {
        return nackAfter(tx, delivery, error, null);
    }

    /**
     * Nacks a claimed message with an explicit delay instead of the channel's backoff; see {@link #nack}.
     *
     * @param tx         the transaction the nack commits with
     * @param delivery   the claimed message, from this channel
     * @param error      why the attempt failed, kept as the message's last error
     * @param retryAfter how long until the message is claimable again, not negative
     * @return whether the message will be retried (and when) or is a dead letter
     * @throws LeaseLostException if the lease was lost
     */
    public final NackOutcome nack(DSLContext tx, Delivery<T> delivery, String error, Duration retryAfter) {
        return nackAfter(tx, delivery, error, Arguments.notNegative("retryAfter", retryAfter));
    }

    private NackOutcome nackAfter(DSLContext tx, Delivery<T> delivery, String error, Duration delay) {
        Arguments.delivery(name(), delivery);
        Objects.requireNonNull(error, "error");
        return runner.run(tx, Operation.NACK, delivery.msgId(), s -> queries.nack(tx, delivery, error, delay));
    }

    /**
     * Extends a delivery's lease to now + {@code lease} and returns the delivery with its new expiry (for handlers
     * that run long).
     *
     * @param tx       the transaction the extension commits with
     * @param delivery the claimed message, from this channel
     * @param lease    the new lease, counted from now; positive
     * @return the delivery with its new {@link Delivery#leaseExpiresAt()}
     * @throws LeaseLostException if the lease was lost
     */
    public final Delivery<T> extendLease(DSLContext tx, Delivery<T> delivery, Duration lease) {
        Arguments.delivery(name(), delivery);
        Arguments.positive("lease", lease);
        return delivery.withLeaseExpiresAt(runner.run(tx, Operation.EXTEND_LEASE, delivery.msgId(),
                s -> queries.extendLease(tx, delivery, lease)));
    }

    /**
     * Claims up to {@code max} ready messages, oldest first, held by the caller's transaction: a row lock
     * ({@code FOR UPDATE SKIP LOCKED}), nothing written. Other consumers skip them without waiting, until the
     * transaction ends. In the same transaction {@linkplain #complete complete} each one (it is gone when the
     * transaction commits) or {@linkplain #fail fail} it (retried after the backoff, or a dead letter); if the
     * transaction rolls back, or its connection is lost, the messages are ready again at once and the attempt is not
     * counted. For short work in the same database; see the {@linkplain io.pgmq package overview} for when to use it.
     *
     * @param tx  the caller's transaction, not in autocommit: it holds the messages until it ends
     * @param max the most messages to claim, 1..{@value #MAX_BATCH}
     * @return the locked messages, possibly empty
     * @throws IllegalArgumentException if {@code max} is not 1..{@value #MAX_BATCH}
     * @throws IllegalStateException    if {@code tx}'s connection is in autocommit (the lock would end at once)
     */
    public final List<LockedDelivery<T>> claimLocked(DSLContext tx, int max) {
        Arguments.batch("max", max);
        return runner.run(tx, Operation.CLAIM_LOCKED, s -> s.claimLocked(tx, max));
    }

    /**
     * Completes a message the caller's transaction claimed locked: it is deleted (marked delivered if the channel
     * keeps acked messages) when the transaction commits.
     *
     * @param tx       the transaction that claimed the message
     * @param delivery the locked message, from this channel
     * @throws LeaseLostException if the transaction does not hold the message (completed or failed already, or
     *                            claimed by another transaction)
     */
    public final void complete(DSLContext tx, LockedDelivery<T> delivery) {
        Arguments.locked(name(), delivery);
        runner.run(tx, Operation.COMPLETE, delivery.msgId(), s -> {
            if (s.complete(tx, List.of(delivery)).isEmpty()) {
                queries.completeOrRaise(tx, delivery);  // completes nothing either: raises PQ010 with the reason
            }
            return null;
        });
    }

    /**
     * Completes messages the caller's transaction claimed locked, in one statement. Those it does not hold are left
     * alone and reported.
     *
     * @param tx         the transaction that claimed the messages
     * @param deliveries the locked messages, from this channel
     * @throws LeaseLostException after completing the others, naming the messages the transaction does not hold
     */
    public final void complete(DSLContext tx, Collection<LockedDelivery<T>> deliveries) {
        if (Arguments.locked(name(), deliveries).isEmpty()) {
            return;
        }
        List<Long> asked = deliveries.stream().map(LockedDelivery::msgId).toList();
        List<Long> missing = runner.run(tx, Operation.COMPLETE, s -> {
            List<Long> left = Errors.missing(asked, s.complete(tx, deliveries));
            // claims made inside a savepoint are not on the prepared statement's fast path
            return left.isEmpty() ? left : Errors.missing(left, queries.completeHeldBelow(tx, left));
        });
        if (!missing.isEmpty()) {
            throw Errors.notHeld(name(), missing);
        }
    }

    /**
     * Fails a message the caller's transaction claimed locked: counts the attempt, records {@code error} as its last
     * error and makes it claimable again after the channel's exponential backoff, or moves it to the dead letters when
     * this was its last attempt. Takes effect when the transaction commits.
     *
     * @param tx       the transaction that claimed the message
     * @param delivery the locked message, from this channel
     * @param error    why the attempt failed, kept as the message's last error
     * @return whether the message will be retried (and when) or is a dead letter
     * @throws LeaseLostException if the transaction does not hold the message
     */
    public final NackOutcome fail(DSLContext tx, LockedDelivery<T> delivery, String error) {
        return failAfter(tx, delivery, error, null);
    }

    /**
     * Fails a locked message with an explicit delay instead of the channel's backoff; see {@link #fail}.
     *
     * @param tx         the transaction that claimed the message
     * @param delivery   the locked message, from this channel
     * @param error      why the attempt failed, kept as the message's last error
     * @param retryAfter how long until the message is claimable again, not negative
     * @return whether the message will be retried (and when) or is a dead letter
     * @throws LeaseLostException if the transaction does not hold the message
     */
    public final NackOutcome fail(DSLContext tx, LockedDelivery<T> delivery, String error, Duration retryAfter) {
        return failAfter(tx, delivery, error, Arguments.notNegative("retryAfter", retryAfter));
    }

    private NackOutcome failAfter(DSLContext tx, LockedDelivery<T> delivery, String error, Duration delay) {
        Arguments.locked(name(), delivery);
        Objects.requireNonNull(error, "error");
        return runner.run(tx, Operation.FAIL, delivery.msgId(), s -> queries.fail(tx, delivery, error, delay));
    }

    /**
     * Gives claimed messages back unprocessed (a consumer shutting down): claimable again at once, without counting
     * the attempt. Returns the ids released; those whose lease was already lost are skipped.
     *
     * @param tx         the transaction the release commits with
     * @param deliveries the claimed messages, from this channel
     * @return the ids of the messages released
     */
    public final List<Long> release(DSLContext tx, Collection<Delivery<T>> deliveries) {
        if (Arguments.deliveries(name(), deliveries).isEmpty()) {
            return List.of();
        }
        return runner.run(tx, Operation.RELEASE, s -> queries.release(tx, deliveries));
    }

    /**
     * Returns up to {@code limit} dead letters, oldest first.
     *
     * @param tx    any transaction; reads only
     * @param limit the most dead letters to return, 1..{@value #MAX_BATCH}
     * @return the dead letters, possibly empty
     * @throws IllegalArgumentException if {@code limit} is not 1..{@value #MAX_BATCH}
     */
    public final List<DeadLetter> deadLetters(DSLContext tx, int limit) {
        Arguments.batch("limit", limit);
        return runner.run(tx, Operation.DEAD_LETTERS, s -> queries.deadLetters(tx, limit));
    }

    /**
     * Brings every dead letter back, claimable at once with attempts from zero; returns how many.
     *
     * @param tx the transaction the redrive commits with
     * @return how many dead letters were brought back
     */
    public final long redrive(DSLContext tx) {
        return runner.run(tx, Operation.REDRIVE, s -> queries.redrive(tx, null));
    }

    /**
     * Brings the given dead letters back; returns how many were dead letters.
     *
     * @param tx     the transaction the redrive commits with
     * @param msgIds the ids of the dead letters to bring back; ids of other messages are ignored
     * @return how many of them were dead letters and came back
     */
    public final long redrive(DSLContext tx, Collection<Long> msgIds) {
        Long[] ids = Objects.requireNonNull(msgIds, "msgIds").toArray(Long[]::new);
        return runner.run(tx, Operation.REDRIVE, s -> queries.redrive(tx, ids));
    }

    /** Deletes one batch of finished messages past the channel's retention; returns how many (the consumer's purge). */
    final long purge(DSLContext tx, int batchSize) {
        return runner.run(tx, Operation.PURGE, s -> queries.purge(tx, batchSize));
    }

    /** How long until the next message that is not ready yet becomes ready, if any (the consumer's wake-ups). */
    final NextReady untilNextReady(DSLContext tx) {
        return runner.run(tx, Operation.NEXT_READY, s -> queries.untilNextReady(tx));
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + schema() + "." + name() + " (" + payloadType().sqlName() + ")]";
    }

    static String checkName(String name) {
        return ChannelName.check(name);
    }
}
