package io.pgmq;

import java.sql.Connection;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** The SQL of a consumer's LISTEN connection, in one place: the channel's name is always a quoted identifier. */
final class ListenQueries {

    private ListenQueries() {
    }

    /**
     * Names the session {@code pgmq-listen-<channel>} (so operators see it in {@code pg_stat_activity}) and starts
     * listening for the NOTIFY that pgmq's trigger sends on every insert into the channel's table.
     */
    static void listen(Connection connection, String channel) {
        DSLContext session = Pgmq.using(connection);
        session.select(DSL.function("set_config", String.class, DSL.val("application_name"),
                DSL.val("pgmq-listen-" + channel), DSL.val(false))).fetch();
        session.execute("LISTEN {0}", DSL.name(channel));
    }
}
