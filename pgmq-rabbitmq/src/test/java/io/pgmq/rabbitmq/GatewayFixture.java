package io.pgmq.rabbitmq;

import io.pgmq.Channel;
import io.pgmq.PayloadType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * What a gateway test makes on both sides, and takes down after it: channels in the test's database, queues and
 * exchanges on the broker (uniquely named), and the gateways it started. One per test instance.
 */
final class GatewayFixture implements AutoCloseable {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    final BrokerForTests broker = BrokerForTests.get();
    final DSLContext dsl;
    private final List<AutoCloseable> started = new ArrayList<>();
    private final List<String> queues = new ArrayList<>();
    private final List<String> exchanges = new ArrayList<>();

    GatewayFixture(DataSource dataSource) {
        this.dsl = DSL.using(dataSource, SQLDialect.POSTGRES);
    }

    /** Closes {@code closeable} (a gateway) when the test ends. */
    <C extends AutoCloseable> C track(C closeable) {
        started.add(closeable);
        return closeable;
    }

    /** Creates a channel of {@code type} named {@code <prefix>_<n>}; returns its name. */
    String channel(String prefix, PayloadType type) {
        String name = prefix + "_" + SEQUENCE.incrementAndGet();
        dsl.execute("select pg_mq_create_queue({0}, {1})", DSL.val(name), DSL.val(type.sqlName()));
        return name;
    }

    /** Declares a queue (with {@code arguments}, may be null), deleted when the test ends; returns its name. */
    String queue(String kind, Map<String, Object> arguments) throws Exception {
        String queue = "pgmq-test-" + kind + "-" + SEQUENCE.incrementAndGet() + "-" + System.nanoTime();
        broker.with(ch -> ch.queueDeclare(queue, false, false, false, arguments));
        queues.add(queue);
        return queue;
    }

    /** A fanout exchange that routes everything to {@code queue}, deleted when the test ends. */
    String exchange(String queue) throws Exception {
        String exchange = "pgmq-test-dlx-" + SEQUENCE.incrementAndGet() + "-" + System.nanoTime();
        broker.with(ch -> {
            ch.exchangeDeclare(exchange, "fanout", false, false, null);
            ch.queueBind(queue, exchange, "");
            return null;
        });
        exchanges.add(exchange);
        return exchange;
    }

    /** Unique exchange names for a test's own declarations. */
    static int next() {
        return SEQUENCE.incrementAndGet();
    }

    long queued(String queue) throws Exception {
        return broker.with(ch -> ch.messageCount(queue));
    }

    long rows(Channel<?> channel) {
        return dsl.fetchCount(DSL.table(DSL.name(channel.schema(), channel.tableName())));
    }

    /** Messages not yet delivered: ready, delayed or leased. */
    long pending(Channel<?> channel) {
        return dsl.fetchCount(DSL.table(DSL.name(channel.schema(), channel.tableName())),
                DSL.field(DSL.name("was_delivered"), Boolean.class).isFalse());
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : started) {
            c.close();
        }
        broker.with(ch -> {
            for (String q : queues) {
                ch.queueDelete(q);
            }
            for (String e : exchanges) {
                ch.exchangeDelete(e);
            }
            return null;
        });
    }
}
