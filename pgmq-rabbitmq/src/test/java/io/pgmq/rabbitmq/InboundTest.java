package io.pgmq.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.GetResponse;
import io.pgmq.Channel;
import io.pgmq.PayloadType;
import io.pgmq.TextChannel;
import io.pgmq.XmlChannel;
import io.pgmq.test.PgmqTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@PgmqTest
@Timeout(180)
class InboundTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final BrokerForTests broker = BrokerForTests.get();
    private final DataSource dataSource;
    private final DSLContext dsl;
    private final List<AutoCloseable> started = new ArrayList<>();
    private final List<String> queues = new ArrayList<>();
    private final List<String> exchanges = new ArrayList<>();

    InboundTest(DataSource dataSource) {
        this.dataSource = dataSource;
        this.dsl = DSL.using(dataSource, SQLDialect.POSTGRES);
    }

    @AfterEach
    void cleanUp() throws Exception {
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

    @Test
    void tenThousandMessages_areStoredAndAcked_thoughTheBrokerClosesEveryConnectionMidRun() throws Exception {
        TextChannel events = TextChannel.of(channel("events", PayloadType.TEXT));
        String queue = queue(null);
        publish(queue, 10_000);
        Inbound<String> in = track(Inbound.builder(broker.factory(), queue, events, dataSource).batchSize(200)
                .prefetch(1_000).start());

        await().atMost(DEADLINE).until(() -> in.stats().stored() >= 3_000);
        broker.closeAllConnections();

        await().atMost(DEADLINE).until(() -> distinctPayloads(events) == 10_000 && queued(queue) == 0);
        assertThat(in.stats().refused()).isZero();
        // a batch stored just before the connection closed may be stored again: at least once, never lost
        assertThat(rows(events)).isBetween(10_000L, 10_000L + 1_000);
    }

    @Test
    void messageTheChannelCannotStore_isRejectedToTheQueuesDeadLetterExchange_andTheOthersAreStored()
            throws Exception {
        TextChannel events = TextChannel.of(channel("events", PayloadType.TEXT));
        String dlq = queue(null);
        String dlx = exchange(dlq);
        String queue = queue(Map.of("x-dead-letter-exchange", dlx));
        broker.with(ch -> {
            ch.basicPublish("", queue, props("good-1"), "fine".getBytes(StandardCharsets.UTF_8));
            ch.basicPublish("", queue, props("bad-1"), new byte[] {(byte) 0xC3, (byte) 0x28});
            ch.basicPublish("", queue, props("good-2"), "also fine".getBytes(StandardCharsets.UTF_8));
            return null;
        });
        Inbound<String> in = track(Inbound.builder(broker.factory(), queue, events, dataSource).start());

        await().atMost(DEADLINE).until(() -> in.stats().refused() == 1 && in.stats().stored() == 2);
        assertThat(dsl.fetchValues("select payload::text from {0} order by msg_id",
                DSL.name(events.schema(), events.tableName())).stream().map(String::valueOf).toList())
                .containsExactly("fine", "also fine");
        await().atMost(DEADLINE).until(() -> queued(dlq) == 1);
        GetResponse dead = broker.with(ch -> ch.basicGet(dlq, true));
        assertThat(dead.getProps().getMessageId()).isEqualTo("bad-1");
        assertThat(dead.getProps().getHeaders()).containsKey("x-death");
        assertThat(queued(queue)).isZero();
    }

    @Test
    void payloadTheDatabaseRefuses_goesToTheConfiguredDeadLetterExchange_withTheReason() throws Exception {
        XmlChannel documents = XmlChannel.of(channel("docs", PayloadType.XML));
        String dlq = queue(null);
        String dlx = exchange(dlq);
        String queue = queue(null);
        broker.with(ch -> {
            ch.basicPublish("", queue, props("doc-1"), "<a>fine</a>".getBytes(StandardCharsets.UTF_8));
            ch.basicPublish("", queue, props("doc-2"), "<a>not closed".getBytes(StandardCharsets.UTF_8));
            return null;
        });
        Inbound<?> in = track(Inbound.builder(broker.factory(), queue, documents, dataSource)
                .deadLetterExchange(dlx).start());

        await().atMost(DEADLINE).until(() -> in.stats().refused() == 1 && in.stats().stored() == 1);
        await().atMost(DEADLINE).until(() -> queued(dlq) == 1);
        GetResponse dead = broker.with(ch -> ch.basicGet(dlq, true));
        assertThat(dead.getProps().getMessageId()).isEqualTo("doc-2");
        assertThat(dead.getProps().getHeaders().get("x-pgmq-refused-reason").toString())
                .contains("the channel refused it (SQLSTATE 2200");
        assertThat(dead.getProps().getHeaders().get("x-pgmq-channel").toString()).isEqualTo(documents.name());
        assertThat(rows(documents)).isEqualTo(1);
        assertThat(queued(queue)).isZero();
    }

    @Test
    void messageDeliveredAgain_isStoredOnce_whenItsMessageIdIsItsDeduplicationKey() throws Exception {
        TextChannel events = TextChannel.of(channel("events", PayloadType.TEXT));
        String queue = queue(null);
        broker.with(ch -> {
            ch.basicPublish("", queue, props("order-7"), "placed".getBytes(StandardCharsets.UTF_8));
            ch.basicPublish("", queue, props("order-7"), "placed".getBytes(StandardCharsets.UTF_8));  // a redelivery
            ch.basicPublish("", queue, props("order-8"), "placed".getBytes(StandardCharsets.UTF_8));
            ch.basicPublish("", queue, null, "no id".getBytes(StandardCharsets.UTF_8));
            return null;
        });
        Inbound<String> in = track(Inbound.builder(broker.factory(), queue, events, dataSource)
                .deduplicateByMessageId().start());

        await().atMost(DEADLINE).until(() -> in.stats().stored() == 4);
        assertThat(in.stats().duplicates()).isEqualTo(1);
        assertThat(dsl.fetchValues("select coalesce(dedup_key, '-') from {0} order by msg_id",
                DSL.name(events.schema(), events.tableName())).stream().map(String::valueOf).toList())
                .containsExactlyInAnyOrder("order-7", "order-8", "-");
        assertThat(queued(queue)).isZero();
    }

    private static AMQP.BasicProperties props(String messageId) {
        return new AMQP.BasicProperties.Builder().messageId(messageId).build();
    }

    private void publish(String queue, int count) throws Exception {
        broker.with(ch -> {
            ch.confirmSelect();
            for (int i = 0; i < count; i++) {
                ch.basicPublish("", queue, props("m-" + i), ("event " + i).getBytes(StandardCharsets.UTF_8));
            }
            ch.waitForConfirmsOrDie(60_000);
            return null;
        });
    }

    private <C extends AutoCloseable> C track(C closeable) {
        started.add(closeable);
        return closeable;
    }

    private String channel(String prefix, PayloadType type) {
        String name = prefix + "_" + SEQUENCE.incrementAndGet();
        dsl.execute("select pg_mq_create_queue({0}, {1})", DSL.val(name), DSL.val(type.sqlName()));
        return name;
    }

    private String queue(Map<String, Object> arguments) throws Exception {
        String queue = "pgmq-test-in-" + SEQUENCE.incrementAndGet() + "-" + System.nanoTime();
        broker.with(ch -> ch.queueDeclare(queue, false, false, false, arguments));
        queues.add(queue);
        return queue;
    }

    /** A fanout exchange that routes everything to {@code queue}. */
    private String exchange(String queue) throws Exception {
        String exchange = "pgmq-test-dlx-" + SEQUENCE.incrementAndGet() + "-" + System.nanoTime();
        broker.with(ch -> {
            ch.exchangeDeclare(exchange, "fanout", false, false, null);
            ch.queueBind(queue, exchange, "");
            return null;
        });
        exchanges.add(exchange);
        return exchange;
    }

    private long queued(String queue) throws Exception {
        return broker.with(ch -> ch.messageCount(queue));
    }

    private long rows(Channel<?> channel) {
        return dsl.fetchCount(DSL.table(DSL.name(channel.schema(), channel.tableName())));
    }

    private long distinctPayloads(Channel<?> channel) {
        return dsl.fetchValue("select count(distinct payload::text) from {0}",
                DSL.name(channel.schema(), channel.tableName())) instanceof Number n ? n.longValue() : -1;
    }
}
