package io.pgmq;

import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/** Small fixtures for runtime tests: a jOOQ context on the test database, and fresh channels created from SQL. */
final class TestChannels {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final DSLContext dsl;

    TestChannels(DataSource dataSource) {
        this.dsl = DSL.using(dataSource, SQLDialect.POSTGRES);
    }

    DSLContext dsl() {
        return dsl;
    }

    /** Creates a new channel with a unique name, as psql would, and returns its name. */
    String create(String prefix, PayloadType type) {
        String name = prefix + "_" + SEQUENCE.incrementAndGet();
        dsl.execute("select pg_mq_create_queue({0}, {1})", DSL.val(name), DSL.val(type.sqlName()));
        return name;
    }

    TextChannel text(String prefix) {
        return TextChannel.of(create(prefix, PayloadType.TEXT));
    }

    XmlChannel xml(String prefix) {
        return XmlChannel.of(create(prefix, PayloadType.XML));
    }

    ByteaChannel bytea(String prefix) {
        return ByteaChannel.of(create(prefix, PayloadType.BYTEA));
    }

    /** Moves a message's visible_at into the past, as if its lease, delay or backoff had run out. */
    void makeVisibleNow(Channel<?> channel, long msgId) {
        dsl.execute("update {0} set visible_at = now() - interval '1 second' where msg_id = {1}",
                DSL.name(channel.schema(), channel.tableName()), DSL.val(msgId));
    }

    long count(Channel<?> channel) {
        return dsl.fetchCount(DSL.table(DSL.name(channel.schema(), channel.tableName())));
    }
}
