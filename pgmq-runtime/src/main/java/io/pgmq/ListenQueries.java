package io.pgmq;

import java.sql.Connection;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/** The SQL of a consumer's LISTEN connection, in one place: the channel's name is always a quoted identifier. */
final class ListenQueries {

    /** The catalog's notify mode that makes a consumer register itself idle (pgmq core V5). */
    static final String WHEN_IDLE = "when_idle";

    private ListenQueries() {
    }

    /**
     * Names the session {@code pgmq-listen-<channel>} (so operators see it in {@code pg_stat_activity}) and starts
     * listening for the NOTIFY that pgmq's trigger sends on inserts into the channel's table.
     */
    static void listen(Connection connection, String channel) {
        DSLContext session = Pgmq.using(connection);
        session.select(DSL.function("set_config", String.class, DSL.val("application_name"),
                DSL.val("pgmq-listen-" + channel), DSL.val(false))).fetch();
        session.execute("LISTEN {0}", DSL.name(channel));
    }

    /**
     * The channel's notify mode from the catalog ({@code always}, {@code when_idle} or {@code never}); {@code always}
     * for a channel not in the catalog or a core older than V5, whose sends always notify.
     */
    static String notifyMode(Connection connection, String schema, String channel) {
        Field<String> mode = DSL.field(DSL.name("notify_mode"), SQLDataType.VARCHAR);
        try {
            String found = Pgmq.using(connection).select(mode)
                    .from(DSL.table(DSL.name(schema, "pg_mq_config_catalog")))
                    .where(DSL.field(DSL.name("channel"), SQLDataType.VARCHAR).eq(DSL.val(channel)))
                    .fetchOne(mode);
            return found == null ? "always" : found;
        } catch (DataAccessException e) {
            // 42703 undefined column: the database runs a core before V5 (the runtime was deployed first)
            if ("42703".equals(e.sqlState())) {
                return "always";
            }
            throw e;
        }
    }

    /**
     * Registers this session as an idle consumer of the channel ({@code pg_mq_register_idle}): the channel's
     * {@code when_idle} sends notify while it is registered. Must run on the LISTEN connection, so the registration
     * names the backend that receives the wake-ups.
     */
    static void registerIdle(Connection connection, String schema, String channel) {
        Pgmq.using(connection).select(DSL.field("{0}({1})", SQLDataType.BOOLEAN,
                DSL.name(schema, "pg_mq_register_idle"), DSL.val(channel))).fetch();
    }

    /** Takes back {@link #registerIdle} ({@code pg_mq_unregister_idle}). */
    static void unregisterIdle(Connection connection, String schema, String channel) {
        Pgmq.using(connection).select(DSL.field("{0}({1})", SQLDataType.BOOLEAN,
                DSL.name(schema, "pg_mq_unregister_idle"), DSL.val(channel))).fetch();
    }
}
