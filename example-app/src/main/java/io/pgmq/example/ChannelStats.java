package io.pgmq.example;

import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.currentOffsetDateTime;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.min;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import io.pgmq.Channel;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record3;
import org.jooq.Table;

/**
 * How full each channel is: ready, waiting for a retry, leased, dead, and the age of the oldest message not yet
 * done. Computed with one query over each channel's queue table; the SQL for it lives here.
 *
 * @param channel the channel's name
 * @param type    its payload type: text, xml or bytea
 * @param ready   messages a consumer can claim now
 * @param delayed messages waiting for their retry time (or a delayed send)
 * @param leased  messages a consumer holds
 * @param dead    dead letters
 * @param oldest  how long the oldest message not yet done has been waiting; empty if none is
 */
record ChannelStats(String channel, String type, long ready, long delayed, long leased, long dead,
                    Optional<Duration> oldest) {

    private static final Field<Boolean> WAS_DELIVERED = field(name("was_delivered"), Boolean.class);
    private static final Field<OffsetDateTime> DEAD_AT = field(name("dead_at"), OffsetDateTime.class);
    private static final Field<OffsetDateTime> VISIBLE_AT = field(name("visible_at"), OffsetDateTime.class);
    private static final Field<OffsetDateTime> SENT_AT = field(name("sent_at"), OffsetDateTime.class);
    private static final Field<Object> LEASE_TOKEN = field(name("lease_token"));
    private static final Field<String> CHANNEL = field(name("channel"), String.class);
    private static final Field<String> TABLE_NAME = field(name("table_name"), String.class);
    private static final Field<String> PAYLOAD_TYPE = field(name("payload_type"), String.class);

    /** Neither done nor dead: ready, waiting or leased. */
    private static final Condition PENDING = WAS_DELIVERED.isFalse().and(DEAD_AT.isNull());

    /**
     * Returns the stats of every channel in the catalog of {@code schema}, by channel name.
     *
     * @param dsl    where to read, in any transaction
     * @param schema the schema pgmq is installed in
     */
    static List<ChannelStats> of(DSLContext dsl, String schema) {
        List<ChannelStats> stats = new ArrayList<>();
        for (Record3<String, String, String> channel : dsl
                .select(CHANNEL, TABLE_NAME, PAYLOAD_TYPE)
                .from(table(name(schema, "pg_mq_config_catalog")))
                .orderBy(CHANNEL)
                .fetch()) {
            stats.add(of(dsl, table(name(schema, channel.value2())), channel.value1(), channel.value3()));
        }
        return stats;
    }

    private static ChannelStats of(DSLContext dsl, Table<?> queue, String channel, String type) {
        Field<OffsetDateTime> now = currentOffsetDateTime();
        Record row = dsl.select(
                        count().filterWhere(PENDING.and(VISIBLE_AT.le(now))),
                        count().filterWhere(PENDING.and(VISIBLE_AT.gt(now)).and(LEASE_TOKEN.isNull())),
                        count().filterWhere(PENDING.and(VISIBLE_AT.gt(now)).and(LEASE_TOKEN.isNotNull())),
                        count().filterWhere(DEAD_AT.isNotNull()),
                        min(SENT_AT).filterWhere(PENDING),
                        now)
                .from(queue)
                .fetchSingle();
        Optional<Duration> oldest = Optional.ofNullable(row.get(4, OffsetDateTime.class))
                .map(sent -> Duration.between(sent, row.get(5, OffsetDateTime.class)));
        return new ChannelStats(channel, type, row.get(0, Long.class), row.get(1, Long.class),
                row.get(2, Long.class), row.get(3, Long.class), oldest);
    }

    /**
     * Returns how long until the channel's next pending message can be claimed (zero if one can now), or empty if
     * it holds no pending message.
     */
    static Optional<Duration> untilNextReady(DSLContext dsl, Channel<?> channel) {
        Field<OffsetDateTime> now = currentOffsetDateTime();
        Record row = dsl.select(min(VISIBLE_AT), now)
                .from(table(name(channel.schema(), channel.tableName())))
                .where(PENDING)
                .fetchSingle();
        OffsetDateTime next = row.get(0, OffsetDateTime.class);
        if (next == null) {
            return Optional.empty();
        }
        Duration wait = Duration.between(row.get(1, OffsetDateTime.class), next);
        return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
    }

    /** Formats stats as a table with a header line, one line per channel. */
    static String format(List<ChannelStats> stats) {
        String format = "%-14s %-6s %6s %8s %7s %5s  %s%n";
        StringBuilder text = new StringBuilder();
        text.append(String.format(format, "channel", "type", "ready", "waiting", "leased", "dead", "oldest"));
        text.append(String.format(format, "-".repeat(14), "-".repeat(6), "-".repeat(6), "-".repeat(8),
                "-".repeat(7), "-".repeat(5), "-".repeat(6)));
        for (ChannelStats s : stats) {
            text.append(String.format(format, s.channel(), s.type(), s.ready(), s.delayed(), s.leased(), s.dead(),
                    s.oldest().map(ChannelStats::age).orElse("-")));
        }
        return text.toString();
    }

    /** A short age: 0.4s, 12s, 3m05s, 2h03m, 4d02h. */
    static String age(Duration age) {
        long seconds = age.toSeconds();
        if (seconds < 10) {
            return String.format(Locale.ROOT, "%.1fs", age.toMillis() / 1000.0);
        }
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        }
        if (seconds < 86_400) {
            return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
        }
        return String.format(Locale.ROOT, "%dd%02dh", seconds / 86_400, seconds % 86_400 / 3600);
    }
}
