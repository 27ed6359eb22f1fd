package io.pgmq.internal;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The SQL behind queue-health metrics: one read of the {@code pg_mq_channel_stats} view per schema.
 *
 * <p>Internal to pgmq-runtime: not an API, and it may change in any release. Thread-safe.
 */
public final class StatsQueries {

    private static final Field<String> CHANNEL = DSL.field(DSL.name("channel"), SQLDataType.VARCHAR);
    private static final Field<Long> READY = DSL.field(DSL.name("ready"), SQLDataType.BIGINT);
    private static final Field<Long> LEASED = DSL.field(DSL.name("leased"), SQLDataType.BIGINT);
    private static final Field<Long> DELAYED = DSL.field(DSL.name("delayed"), SQLDataType.BIGINT);
    private static final Field<Long> DEAD = DSL.field(DSL.name("dead"), SQLDataType.BIGINT);
    private static final Field<Long> DONE = DSL.field(DSL.name("done"), SQLDataType.BIGINT);
    private static final Field<Double> OLDEST_READY_SECONDS = DSL.field("extract(epoch from {0})", SQLDataType.DOUBLE,
            DSL.field(DSL.name("oldest_ready_age"))).as("oldest_ready_seconds");
    private static final Field<Long> TABLE_BYTES = DSL.field(DSL.name("table_bytes"), SQLDataType.BIGINT);
    private static final Field<Long> DEAD_TUPLES = DSL.field(DSL.name("dead_tuples"), SQLDataType.BIGINT);

    private StatsQueries() {
    }

    /** The health numbers of {@code channels} (all in {@code schema}), by channel name. */
    public static Map<String, ChannelStats> read(DSLContext tx, String schema, Collection<String> channels) {
        Map<String, ChannelStats> stats = new HashMap<>();
        for (Record r : tx.select(CHANNEL, READY, LEASED, DELAYED, DEAD, DONE, OLDEST_READY_SECONDS, TABLE_BYTES,
                        DEAD_TUPLES)
                .from(DSL.table(DSL.name(schema, "pg_mq_channel_stats")))
                .where(CHANNEL.in(channels))
                .fetch()) {
            Double oldest = r.get(OLDEST_READY_SECONDS);
            stats.put(r.get(CHANNEL), new ChannelStats(r.get(READY), r.get(LEASED), r.get(DELAYED), r.get(DEAD),
                    r.get(DONE), oldest == null ? 0.0 : oldest, r.get(TABLE_BYTES), r.get(DEAD_TUPLES)));
        }
        return stats;
    }

    /**
     * One row of {@code pg_mq_channel_stats}; the oldest ready message's age is 0 when none is ready.
     *
     * @param ready              messages claimable now
     * @param leased             messages claimed, lease not expired
     * @param delayed            messages waiting for a delay or a backoff
     * @param dead               dead letters
     * @param done               finished messages kept until retention
     * @param oldestReadySeconds age of the oldest ready message
     * @param tableBytes         the queue table's size with indexes and TOAST
     * @param deadTuples         dead tuples in the queue table (autovacuum's estimate)
     */
    public record ChannelStats(long ready, long leased, long delayed, long dead, long done, double oldestReadySeconds,
                        long tableBytes, long deadTuples) {
    }
}
