package io.pgmq;

import io.pgmq.schema.ChannelName;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;

/**
 * A typed message channel: a queue table {@code "<schema>"."pg_mq_queue_<name>"} created by
 * {@code pg_mq_create_queue} or by the migrations the code generator writes. Its subclasses fix the payload type
 * ({@link TextChannel}, {@link XmlChannel}, {@link ByteaChannel}), so sending the wrong type does not compile.
 *
 * <h2>Transactions</h2>
 * Every operation takes the caller's {@link DSLContext} and runs in whatever transaction it has open: a message
 * sent in a transaction that rolls back was never sent, and becomes visible to receivers only when it commits;
 * a receive, claim or ack that rolls back is undone. pgmq never commits. Callers with a plain JDBC connection use
 * {@link Pgmq#using(Connection)} or the {@code Connection} overloads.
 *
 * <h2>Delivery</h2>
 * <ul>
 *   <li>At-most-once: {@link #receive} marks messages delivered as it returns them; if the caller's transaction
 *       commits and the caller then fails, the messages are gone.</li>
 *   <li>At-least-once: {@link #claim} leases messages; {@link #ack} completes them; {@link #nack} retries them after
 *       a backoff; a lease that expires makes them claimable again with {@link Delivery#attempt()} raised; after the
 *       channel's {@code max_attempts} they become {@linkplain #deadLetters dead letters} until {@link #redrive}.</li>
 *   <li>At-least-once in the caller's transaction: {@link #claimLocked} holds messages by a row lock until the
 *       transaction ends, writing nothing; {@link #complete} removes them when it commits, {@link #fail} retries them
 *       after a backoff (dead letters as above), a rollback gives them back as they were. For short work in the same
 *       database, which then commits together with the completion.</li>
 * </ul>
 *
 * <h2>Ordering</h2>
 * Receivers get ready messages oldest first by {@code msg_id}. That is send order only approximately: ids are taken
 * when a message is inserted, so a transaction that sends early but commits late makes its message visible after
 * newer ones; concurrent receivers skip messages other receivers hold (they never wait, and never get the same
 * message); a retried or redriven message keeps its id and so jumps ahead of newer ones once it is visible again.
 *
 * <h2>Errors</h2>
 * Null payloads and bad arguments throw {@link NullPointerException} or {@link IllegalArgumentException} before any
 * SQL runs. Database errors become {@link PgmqException}s that name the channel and the operation and keep the
 * SQLSTATE: {@link UnknownChannelException}, {@link PayloadTypeMismatchException}, {@link InvalidPayloadException},
 * {@link LeaseLostException}. A database error aborts the caller's transaction, as any failed statement does.
 *
 * <p>Instances are immutable and thread-safe; the first operation checks once that the channel exists in the
 * catalog with this payload type.
 *
 * @param <T> the payload type
 */
public abstract sealed class Channel<T> permits TextChannel, XmlChannel, ByteaChannel {

    /** The largest batch one call may send, receive or claim. */
    public static final int MAX_BATCH = 1000;

    private final String schema;
    private final String name;
    private final PayloadType payloadType;
    private final ChannelQueries<T> queries;
    private volatile boolean verified;

    Channel(String schema, String name, PayloadType payloadType, QueriesFactory<T> queries) {
        this.schema = checkSchema(schema);
        this.name = checkName(name);
        this.payloadType = payloadType;
        this.queries = queries.create(this.schema, this.name, "pg_mq_queue_" + this.name);
    }

    /** Builds the queries of a channel from its schema, name and table name. */
    @FunctionalInterface
    interface QueriesFactory<T> {
        ChannelQueries<T> create(String schema, String channel, String table);
    }

    /** Returns the channel's name, e.g. {@code order_emails}: also its {@code LISTEN} channel. */
    public final String name() {
        return name;
    }

    /** Returns the schema that holds the channel's table and pgmq's functions. */
    public final String schema() {
        return schema;
    }

    /** Returns the payload type this channel holds. */
    public final PayloadType payloadType() {
        return payloadType;
    }

    /** Returns the channel's queue table name, {@code pg_mq_queue_<name>}. */
    public final String tableName() {
        return "pg_mq_queue_" + name;
    }

    /**
     * Sends one message in the caller's transaction and returns its {@code msg_id}.
     *
     * @throws NullPointerException if {@code tx} or {@code payload} is null
     * @throws PgmqException if the database refuses it (unknown channel, missing INSERT grant, malformed xml)
     */
    public final long send(DSLContext tx, T payload) {
        checkPayload(payload);
        return run(tx, "send", () -> queries.send(tx, payload));
    }

    /**
     * Sends one message that no receiver gets before {@code delay} has passed (on the database's clock) and returns
     * its {@code msg_id}.
     *
     * @throws IllegalArgumentException if {@code delay} is negative
     */
    public final long send(DSLContext tx, T payload, Duration delay) {
        checkPayload(payload);
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative, was " + delay);
        }
        return run(tx, "send", () -> queries.sendAfter(tx, payload, delay));
    }

    /** Sends one message that no receiver gets before {@code deliverAt} and returns its {@code msg_id}. */
    public final long send(DSLContext tx, T payload, Instant deliverAt) {
        checkPayload(payload);
        Objects.requireNonNull(deliverAt, "deliverAt");
        return run(tx, "send", () -> queries.sendAt(tx, payload, deliverAt));
    }

    /** Sends one message on a plain JDBC connection, in its current transaction; see {@link #send(DSLContext, Object)}. */
    public final long send(Connection tx, T payload) {
        return send(Pgmq.using(Objects.requireNonNull(tx, "tx")), payload);
    }

    /**
     * Sends many messages in the caller's transaction, one multi-row INSERT per {@value #MAX_BATCH}, and returns their
     * ids in input order.
     *
     * @throws NullPointerException if {@code payloads} or any element is null (nothing is sent)
     */
    public final List<Long> sendBatch(DSLContext tx, Collection<? extends T> payloads) {
        Objects.requireNonNull(tx, "tx");
        Objects.requireNonNull(payloads, "payloads");
        List<T> values = new ArrayList<>(payloads.size());
        for (T payload : payloads) {
            values.add(checkPayload(payload));
        }
        return run(tx, "sendBatch", () -> {
            List<Long> ids = new ArrayList<>(values.size());
            for (int from = 0; from < values.size(); from += MAX_BATCH) {
                ids.addAll(queries.sendBatch(tx, values.subList(from, Math.min(values.size(), from + MAX_BATCH))));
            }
            return ids;
        });
    }

    /**
     * Receives up to {@code max} ready messages, oldest first, and marks them delivered (at-most-once): no other
     * receiver gets them once the caller's transaction commits. Returns an empty list when none is ready.
     *
     * @throws IllegalArgumentException if {@code max} is not 1..{@value #MAX_BATCH}
     */
    public final List<Message<T>> receive(DSLContext tx, int max) {
        checkBatch("max", max);
        return run(tx, "receive", () -> queries.receive(tx, max));
    }

    /**
     * Claims up to {@code max} ready messages, oldest first, for {@code lease} (at-least-once): other consumers do not
     * get them until the lease expires. Ack or nack each before {@link Delivery#leaseExpiresAt()}. A message whose
     * attempts are used up goes to the dead letters instead, so fewer than {@code max} may come back. Commit the
     * claim before working on the messages, or the lease is invisible to others and held only by row locks.
     *
     * @throws IllegalArgumentException if {@code max} is not 1..{@value #MAX_BATCH} or {@code lease} is not positive
     */
    public final List<Delivery<T>> claim(DSLContext tx, int max, Duration lease) {
        checkBatch("max", max);
        checkPositive("lease", lease);
        return run(tx, "claim", () -> queries.claim(tx, max, lease));
    }

    /**
     * Acks a claimed message: it is done and no consumer gets it again.
     *
     * @throws LeaseLostException if the lease expired and another consumer claimed it, or it was acked already
     */
    public final void ack(DSLContext tx, Delivery<T> delivery) {
        checkDelivery(delivery);
        run(tx, "ack of message " + delivery.msgId(), () -> {
            queries.ackOne(tx, delivery);
            return null;
        });
    }

    /**
     * Acks claimed messages in one statement. Those whose lease was lost are left alone and reported.
     *
     * @throws LeaseLostException after acking the others, naming the messages whose lease was lost
     */
    public final void ack(DSLContext tx, Collection<Delivery<T>> deliveries) {
        Objects.requireNonNull(deliveries, "deliveries");
        deliveries.forEach(this::checkDelivery);
        if (deliveries.isEmpty()) {
            return;
        }
        List<Long> acked = run(tx, "ack", () -> queries.ack(tx, deliveries));
        if (acked.size() != deliveries.size()) {
            List<Long> lost = deliveries.stream().map(Delivery::msgId).filter(id -> !acked.contains(id)).toList();
            throw new LeaseLostException(name, "channel \"" + name + "\": ack of messages " + lost
                    + " failed: their leases were lost (expired and claimed again, or already acked); raise the lease,"
                    + " extend it with extendLease, or ack sooner", null, null);
        }
    }

    /**
     * Nacks a claimed message: records {@code error} as its last error and makes it claimable again after the
     * channel's exponential backoff, or moves it to the dead letters when its attempts are used up.
     *
     * @throws LeaseLostException if the lease was lost
     */
    public final NackOutcome nack(DSLContext tx, Delivery<T> delivery, String error) {
        checkDelivery(delivery);
        Objects.requireNonNull(error, "error");
        return run(tx, "nack of message " + delivery.msgId(), () -> queries.nack(tx, delivery, error, null));
    }

    /** Nacks a claimed message with an explicit delay instead of the channel's backoff; see {@link #nack}. */
    public final NackOutcome nack(DSLContext tx, Delivery<T> delivery, String error, Duration retryAfter) {
        checkDelivery(delivery);
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(retryAfter, "retryAfter");
        if (retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must not be negative, was " + retryAfter);
        }
        return run(tx, "nack of message " + delivery.msgId(), () -> queries.nack(tx, delivery, error, retryAfter));
    }

    /**
     * Extends a delivery's lease to now + {@code lease} and returns the delivery with its new expiry (for handlers
     * that run long).
     *
     * @throws LeaseLostException if the lease was lost
     */
    public final Delivery<T> extendLease(DSLContext tx, Delivery<T> delivery, Duration lease) {
        checkDelivery(delivery);
        checkPositive("lease", lease);
        Instant expires = run(tx, "extend lease of message " + delivery.msgId(),
                () -> queries.extendLease(tx, delivery, lease));
        return delivery.withLeaseExpiresAt(expires);
    }

    /**
     * Claims up to {@code max} ready messages, oldest first, held by the caller's transaction: a row lock
     * ({@code FOR UPDATE SKIP LOCKED}), nothing written. Other consumers skip them without waiting, until the
     * transaction ends. In the same transaction {@linkplain #complete complete} each one (it is gone when the
     * transaction commits) or {@linkplain #fail fail} it (retried after the backoff, or a dead letter); if the
     * transaction rolls back, or its connection is lost, the messages are ready again at once and the attempt is not
     * counted.
     *
     * <p>Use it when the work is in the same database and short: the work and the completion commit together, so a
     * message's effects happen once, and it costs about what a raw {@code SELECT ... FOR UPDATE SKIP LOCKED} and
     * {@code DELETE} cost, where a lease ({@link #claim}) writes every message and commits twice. The price: the
     * transaction stays open while the work runs (holding back vacuum), and a crash is not counted as an attempt, so
     * a message that kills its consumer comes back for ever; use {@link #claim} for work that can crash the process or
     * runs long. To fail a message after its work wrote to the database, roll back to a savepoint taken before the
     * work, then call {@link #fail}. When lease claims are mixed in, a message whose last lease expired is skipped
     * here, and the next {@link #claim} moves it to the dead letters.
     *
     * @throws IllegalArgumentException if {@code max} is not 1..{@value #MAX_BATCH}
     * @throws IllegalStateException    if {@code tx}'s connection is in autocommit (the lock would end at once)
     */
    public final List<LockedDelivery<T>> claimLocked(DSLContext tx, int max) {
        checkBatch("max", max);
        return run(tx, "claimLocked", () -> queries.claimLocked(tx, max));
    }

    /**
     * Completes a message the caller's transaction claimed locked: it is deleted (marked delivered if the channel
     * keeps acked messages) when the transaction commits.
     *
     * @throws LeaseLostException if the transaction does not hold the message (completed or failed already, or
     *                            claimed by another transaction)
     */
    public final void complete(DSLContext tx, LockedDelivery<T> delivery) {
        checkLocked(delivery);
        run(tx, "complete of message " + delivery.msgId(), () -> {
            queries.completeOne(tx, delivery);
            return null;
        });
    }

    /**
     * Completes messages the caller's transaction claimed locked, in one statement. Those it does not hold are left
     * alone and reported.
     *
     * @throws LeaseLostException after completing the others, naming the messages the transaction does not hold
     */
    public final void complete(DSLContext tx, Collection<LockedDelivery<T>> deliveries) {
        Objects.requireNonNull(deliveries, "deliveries");
        deliveries.forEach(this::checkLocked);
        if (deliveries.isEmpty()) {
            return;
        }
        List<Long> completed = run(tx, "complete", () -> queries.complete(tx, deliveries));
        if (completed.size() != deliveries.size()) {
            List<Long> lost = deliveries.stream().map(LockedDelivery::msgId).filter(id -> !completed.contains(id))
                    .toList();
            throw new LeaseLostException(name, "channel \"" + name + "\": complete of messages " + lost
                    + " failed: this transaction does not hold them (completed or failed already, or claimed by"
                    + " another transaction); complete only what claimLocked returned, in the same transaction", null,
                    null);
        }
    }

    /**
     * Fails a message the caller's transaction claimed locked: counts the attempt, records {@code error} as its last
     * error and makes it claimable again after the channel's exponential backoff, or moves it to the dead letters when
     * this was its last attempt. Takes effect when the transaction commits.
     *
     * @throws LeaseLostException if the transaction does not hold the message
     */
    public final NackOutcome fail(DSLContext tx, LockedDelivery<T> delivery, String error) {
        checkLocked(delivery);
        Objects.requireNonNull(error, "error");
        return run(tx, "fail of message " + delivery.msgId(), () -> queries.fail(tx, delivery, error, null));
    }

    /** Fails a locked message with an explicit delay instead of the channel's backoff; see {@link #fail}. */
    public final NackOutcome fail(DSLContext tx, LockedDelivery<T> delivery, String error, Duration retryAfter) {
        checkLocked(delivery);
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(retryAfter, "retryAfter");
        if (retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must not be negative, was " + retryAfter);
        }
        return run(tx, "fail of message " + delivery.msgId(), () -> queries.fail(tx, delivery, error, retryAfter));
    }

    /**
     * Gives claimed messages back unprocessed (a consumer shutting down): claimable again at once, without counting
     * the attempt. Returns the ids released; those whose lease was already lost are skipped.
     */
    public final List<Long> release(DSLContext tx, Collection<Delivery<T>> deliveries) {
        Objects.requireNonNull(deliveries, "deliveries");
        deliveries.forEach(this::checkDelivery);
        if (deliveries.isEmpty()) {
            return List.of();
        }
        return run(tx, "release", () -> queries.release(tx, deliveries));
    }

    /** Returns up to {@code limit} dead letters, oldest first. */
    public final List<DeadLetter> deadLetters(DSLContext tx, int limit) {
        checkBatch("limit", limit);
        return run(tx, "deadLetters", () -> queries.deadLetters(tx, limit));
    }

    /** Brings every dead letter back, claimable at once with attempts from zero; returns how many. */
    public final long redrive(DSLContext tx) {
        return run(tx, "redrive", () -> queries.redrive(tx, null));
    }

    /** Brings the given dead letters back; returns how many were dead letters. */
    public final long redrive(DSLContext tx, Collection<Long> msgIds) {
        Objects.requireNonNull(msgIds, "msgIds");
        return run(tx, "redrive", () -> queries.redrive(tx, msgIds.toArray(Long[]::new)));
    }

    /** The channel's SQL, for the {@link Consumer} and its purge; also checks the catalog once, as operations do. */
    final ChannelQueries<T> queries() {
        return queries;
    }

    /** Runs {@code operation} as the public operations do: catalog check on first use, errors translated. */
    final <R> R runInternal(DSLContext tx, String operation, java.util.function.Supplier<R> body) {
        return run(tx, operation, body::get);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + schema + "." + name + " (" + payloadType.sqlName() + ")]";
    }

    /** Runs an operation, checking the catalog on first use and turning database errors into PgmqExceptions. */
    private <R> R run(DSLContext tx, String operation, Operation<R> operation0) {
        Objects.requireNonNull(tx, "tx");
        try {
            if (!verified) {
                verify(tx);
            }
            return operation0.run();
        } catch (DataAccessException e) {
            throw Errors.translate(name, operation, e);
        }
    }

    @FunctionalInterface
    private interface Operation<R> {
        R run();
    }

    private void verify(DSLContext tx) {
        Optional<String> stored = queries.load(tx);
        if (stored.isEmpty()) {
            throw new UnknownChannelException(name, "channel \"" + name + "\" does not exist in schema \"" + schema
                    + "\" (create it with pg_mq_create_queue or declare it in the manifest)", "PQ001", null);
        }
        if (!stored.get().equals(payloadType.sqlName())) {
            PayloadType actual = PayloadType.ofSqlName(stored.get());
            throw new PayloadTypeMismatchException(name, "channel \"" + name + "\" holds " + actual.sqlName()
                    + " payloads, not " + payloadType.sqlName() + "; open it as "
                    + switch (actual) {
                        case TEXT -> "TextChannel";
                        case XML -> "XmlChannel";
                        case BYTEA -> "ByteaChannel";
                    } + ".of(\"" + name + "\")", "PQ004", null);
        }
        verified = true;
    }

    private T checkPayload(T payload) {
        return Objects.requireNonNull(payload, () -> "payload must not be null (channel \"" + name + "\")");
    }

    private void checkDelivery(Delivery<?> delivery) {
        Objects.requireNonNull(delivery, "delivery");
        if (!delivery.channel().equals(name)) {
            throw new IllegalArgumentException("delivery of message " + delivery.msgId() + " belongs to channel \""
                    + delivery.channel() + "\", not \"" + name + "\"");
        }
    }

    private void checkLocked(LockedDelivery<?> delivery) {
        Objects.requireNonNull(delivery, "delivery");
        if (!delivery.channel().equals(name)) {
            throw new IllegalArgumentException("locked delivery of message " + delivery.msgId()
                    + " belongs to channel \"" + delivery.channel() + "\", not \"" + name + "\"");
        }
    }

    private static void checkBatch(String parameter, int value) {
        if (value < 1 || value > MAX_BATCH) {
            throw new IllegalArgumentException(parameter + " must be 1.." + MAX_BATCH + ", was " + value);
        }
    }

    private static void checkPositive(String parameter, Duration value) {
        Objects.requireNonNull(value, parameter);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(parameter + " must be positive, was " + value);
        }
    }

    static String checkName(String name) {
        return ChannelName.check(name);
    }

    private static String checkSchema(String schema) {
        Objects.requireNonNull(schema, "schema");
        int bytes = schema.getBytes(StandardCharsets.UTF_8).length;
        if (bytes == 0 || bytes > 63) {
            throw new IllegalArgumentException("schema must be 1..63 bytes, was \"" + schema + "\"");
        }
        return schema;
    }
}
