package io.pgmq;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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

    /** Waits (up to 15 s) for a consumer's LISTEN session on {@code channel} and returns its backend pid. */
    int awaitListening(Channel<?> channel) {
        await().atMost(Duration.ofSeconds(15)).until(() -> !listenBackends(channel).isEmpty());
        return listenBackends(channel).get(0);
    }

    /** The backends of consumers' LISTEN sessions on {@code channel}. */
    List<Integer> listenBackends(Channel<?> channel) {
        return dsl.fetchValues("select pid from pg_stat_activity where application_name = {0}"
                        + " and datname = current_database()", DSL.val("pgmq-listen-" + channel.name()))
                .stream().map(pid -> ((Number) pid).intValue()).toList();
    }

    long count(Channel<?> channel) {
        return dsl.fetchCount(DSL.table(DSL.name(channel.schema(), channel.tableName())));
    }

    /** One batch of a concurrent drain: claims and finishes some messages, returns their ids (empty when none). */
    @FunctionalInterface
    interface DrainBatch {
        List<Long> next() throws Exception;
    }

    /**
     * Runs {@code consumers} threads, released together, each calling {@code batch} until it comes back empty, and
     * returns every id they got, duplicates included, so a test can prove each message was taken exactly once.
     */
    static List<Long> drainConcurrently(int consumers, DrainBatch batch) throws Exception {
        List<Long> all = Collections.synchronizedList(new ArrayList<>());
        CyclicBarrier start = new CyclicBarrier(consumers);
        ExecutorService pool = Executors.newFixedThreadPool(consumers);
        try {
            List<Future<Object>> running = new ArrayList<>();
            for (int i = 0; i < consumers; i++) {
                running.add(pool.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    for (List<Long> got = batch.next(); !got.isEmpty(); got = batch.next()) {
                        all.addAll(got);
                    }
                    return null;
                }));
            }
            for (Future<Object> consumer : running) {
                consumer.get(100, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        return all;
    }
}
