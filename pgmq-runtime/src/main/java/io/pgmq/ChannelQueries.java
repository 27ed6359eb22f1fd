package io.pgmq;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.jooq.types.DayToSecond;

/**
 * The SQL of one channel's calls of pgmq-schema's functions, so that Java and psql behave the same: receive
 * (at-most-once), nack, fail, lease extension, release, dead letters, redrive, purge, and the reasons a lost lease is
 * reported with. Also the one read of the queue table itself, {@link #untilNextReady}. Result columns are read by
 * name. Immutable and thread-safe.
 *
 * @param <T> the payload type
 */
final class ChannelQueries<T> {

    private static final Field<Long> MSG_ID = DSL.field(DSL.name("msg_id"), SQLDataType.BIGINT);
    private static final Field<OffsetDateTime> SENT_AT = DSL.field(DSL.name("sent_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    private static final Field<Integer> ATTEMPTS = DSL.field(DSL.name("attempts"), SQLDataType.INTEGER);
    private static final Field<String> LAST_ERROR = DSL.field(DSL.name("last_error"), SQLDataType.CLOB);
    private static final Field<Boolean> DEAD = DSL.field(DSL.name("dead"), SQLDataType.BOOLEAN);
    private static final Field<OffsetDateTime> VISIBLE_AT = DSL.field(DSL.name("visible_at"),
            SQLDataType.TIMESTAMPWITHTIMEZONE);
    private static final Field<OffsetDateTime> DEAD_AT = DSL.field(DSL.name("dead_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);

    private final ChannelTable table;
    private final PayloadCodec<T> codec;
    private final String receive;
    private final String nextReady;

    ChannelQueries(ChannelTable table, PayloadCodec<T> codec) {
        this.table = table;
        this.codec = codec;
        Field<OffsetDateTime> visibleAt = table.column("visible_at", SQLDataType.TIMESTAMPWITHTIMEZONE);
        this.nextReady = DSL.using(SQLDialect.POSTGRES).render(DSL.select(
                        DSL.field("extract(epoch from {0} - clock_timestamp())", SQLDataType.DOUBLE,
                                DSL.min(visibleAt)).as("next_ready_in"),
                        // evaluated after the aggregate: the scan's own time, without the round trip
                        DSL.field("extract(epoch from clock_timestamp() - statement_timestamp())", SQLDataType.DOUBLE)
                                .as("took"))
                .from(table.table())
                .where(table.column("was_delivered", SQLDataType.BOOLEAN).isFalse()
                        .and(table.column("dead_at", SQLDataType.TIMESTAMPWITHTIMEZONE).isNull())
                        .and(visibleAt.gt(DSL.currentOffsetDateTime()))));
        this.receive = DSL.using(SQLDialect.POSTGRES).render(DSL.select(MSG_ID, DSL.field(DSL.name("sent_by")),
                        DSL.field(DSL.name("payload")))
                .from(table.call(codec.wire().receiveFunction(), DSL.param("channel", SQLDataType.CLOB),
                        DSL.param("max", SQLDataType.INTEGER))));
    }

    /**
     * Receives up to {@code max} ready messages at-most-once ({@code pg_mq_get_msg_text} or {@code _bin}). A message
     * whose payload cannot be decoded is not returned: it becomes a dead letter ({@link PoisonMessages}).
     */
    List<Message<T>> receive(DSLContext tx, int max) {
        return tx.connectionResult(connection -> {
            List<Message<T>> messages = new ArrayList<>();
            PoisonMessages poison = new PoisonMessages(table);
            try (PreparedStatement statement = connection.prepareStatement(receive)) {
                statement.setString(1, table.channel());
                statement.setInt(2, max);
                try (ResultSet rs = statement.executeQuery()) {
                    int msgId = rs.findColumn("msg_id");
                    int sentBy = rs.findColumn("sent_by");
                    int payload = rs.findColumn("payload");
                    while (rs.next()) {
                        long id = rs.getLong(msgId);
                        try {
                            messages.add(new Message<>(id, rs.getString(sentBy), codec.read(rs, payload)));
                        } catch (Undecodable e) {
                            poison.add(id, null, e);
                        }
                    }
                }
            }
            poison.reject(connection, true);
            return messages;
        });
    }

    /** Nacks a leased message ({@code pg_mq_nack}); {@code delay} null: the channel's backoff. */
    NackOutcome nack(DSLContext tx, Delivery<?> delivery, String error, Duration delay) {
        return outcome(tx.select(DEAD, VISIBLE_AT).from(table.call("pg_mq_nack", DSL.val(table.channel()),
                DSL.val(delivery.msgId()), DSL.val(delivery.leaseToken()), DSL.val(error), interval(delay)))
                .fetchSingle());
    }

    /** Fails a message the transaction holds locked ({@code pg_mq_fail}); {@code delay} null: the backoff. */
    NackOutcome fail(DSLContext tx, LockedDelivery<?> delivery, String error, Duration delay) {
        return outcome(tx.select(DEAD, VISIBLE_AT).from(table.call("pg_mq_fail", DSL.val(table.channel()),
                DSL.val(delivery.msgId()), DSL.val(error), interval(delay))).fetchSingle());
    }

    /** Runs {@code pg_mq_ack}'s single form, which raises PQ010 naming why the lease was lost. */
    void ackOrRaise(DSLContext tx, Delivery<?> delivery) {
        tx.select(table.function("pg_mq_ack", DSL.val(table.channel()), DSL.val(delivery.msgId()),
                DSL.val(delivery.leaseToken()))).fetch();
    }

    /** Runs {@code pg_mq_complete}'s single form, which raises PQ010 naming why the transaction does not hold it. */
    void completeOrRaise(DSLContext tx, LockedDelivery<?> delivery) {
        tx.select(table.function("pg_mq_complete", DSL.val(table.channel()), DSL.val(delivery.msgId()))).fetch();
    }

    /**
     * Completes the given messages with {@code pg_mq_complete}'s array form, which also finds messages this transaction
     * claimed inside a savepoint (the prepared complete statement takes only the fast path); returns the ids completed.
     */
    List<Long> completeHeldBelow(DSLContext tx, List<Long> msgIds) {
        return tx.select(MSG_ID).from(table.call("pg_mq_complete", DSL.val(table.channel()),
                DSL.val(msgIds.toArray(Long[]::new), SQLDataType.BIGINT.array()))).fetch(MSG_ID);
    }

    /** Extends a lease to now + {@code lease} ({@code pg_mq_extend_lease}); returns the new expiry. */
    Instant extendLease(DSLContext tx, Delivery<?> delivery, Duration lease) {
        return tx.select(table.function("pg_mq_extend_lease", SQLDataType.TIMESTAMPWITHTIMEZONE,
                        DSL.val(table.channel()), DSL.val(delivery.msgId()), DSL.val(delivery.leaseToken()),
                        interval(lease)))
                .fetchSingle().value1().toInstant();
    }

    /** Gives leased messages back unprocessed ({@code pg_mq_release}); returns the ids released. */
    List<Long> release(DSLContext tx, Collection<? extends Delivery<?>> deliveries) {
        Long[] ids = deliveries.stream().map(Delivery::msgId).toArray(Long[]::new);
        UUID[] tokens = deliveries.stream().map(Delivery::leaseToken).toArray(UUID[]::new);
        return tx.select(MSG_ID).from(table.call("pg_mq_release", DSL.val(table.channel()),
                DSL.val(ids, SQLDataType.BIGINT.array()), DSL.val(tokens, SQLDataType.UUID.array()))).fetch(MSG_ID);
    }

    /** Brings dead letters back ({@code pg_mq_redrive}); {@code msgIds} null: all of them. Returns how many. */
    long redrive(DSLContext tx, Long[] msgIds) {
        return tx.select(table.function("pg_mq_redrive", SQLDataType.BIGINT, DSL.val(table.channel()),
                DSL.val(msgIds, SQLDataType.BIGINT.array()))).fetchSingle().value1();
    }

    /** Up to {@code limit} dead letters, oldest first ({@code pg_mq_dead_letters}). */
    List<DeadLetter> deadLetters(DSLContext tx, int limit) {
        List<DeadLetter> dead = new ArrayList<>();
        Field<String> headers = DSL.field(DSL.name("headers"), SQLDataType.CLOB);
        for (Record r : tx.select(MSG_ID, SENT_AT, ATTEMPTS, DEAD_AT, LAST_ERROR, headers.cast(SQLDataType.CLOB))
                .from(table.call("pg_mq_dead_letters", DSL.val(table.channel()), DSL.val(limit))).fetch()) {
            dead.add(new DeadLetter(r.get(MSG_ID), r.get(SENT_AT).toInstant(), r.get(ATTEMPTS),
                    r.get(DEAD_AT).toInstant(), r.get(LAST_ERROR), Headers.fromJson(r.get(5, String.class))));
        }
        return dead;
    }

    /** Deletes one batch of finished messages past the channel's retention ({@code pg_mq_purge}); returns how many. */
    long purge(DSLContext tx, int batchSize) {
        return tx.select(table.function("pg_mq_purge", SQLDataType.BIGINT, DSL.val(table.channel()),
                interval(null), DSL.val(batchSize))).fetchSingle().value1();
    }

    /**
     * How long until the earliest open message that is not ready yet becomes ready, on the database's clock: a delayed
     * send, a retry after its backoff, or a lease that will expire (other consumers' included); and how long the
     * server took to answer. No index has {@code visible_at} (a lease claim updates it, and an index on it would cost
     * claims their HOT updates), so this reads every open message: the consumer asks only as it goes idle.
     */
    NextReady untilNextReady(DSLContext tx) {
        return tx.connectionResult(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(nextReady);
                 ResultSet rs = statement.executeQuery()) {
                rs.next();
                double in = rs.getDouble("next_ready_in");
                Optional<Duration> next = rs.wasNull() ? Optional.empty() : Optional.of(nanos(in));
                return new NextReady(next, nanos(rs.getDouble("took")));
            }
        });
    }

    private static Duration nanos(double seconds) {
        return Duration.ofNanos(Math.max(0, (long) (seconds * 1e9)));
    }

    private static NackOutcome outcome(Record r) {
        return r.get(DEAD) ? new NackOutcome.Dead() : new NackOutcome.Retry(r.get(VISIBLE_AT).toInstant());
    }

    private static Field<DayToSecond> interval(Duration duration) {
        return DSL.val(duration == null ? null : DayToSecond.valueOf(duration), SQLDataType.INTERVALDAYTOSECOND);
    }
}
