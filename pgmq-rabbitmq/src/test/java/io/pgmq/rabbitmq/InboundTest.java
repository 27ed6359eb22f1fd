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
import java.util.Map;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@PgmqTest
@Timeout(180)
class InboundTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private final GatewayFixture fixture;
    private final BrokerForTests broker;
    private final DataSource dataSource;
    private final DSLContext dsl;

    InboundTest(DataSource dataSource) {
        this.fixture = new GatewayFixture(dataSource);
        this.broker = fixture.broker;
        this.dataSource = dataSource;
        this.dsl = fixture.dsl;
    }

    @AfterEach
    void cleanUp() throws Exception {
        fixture.close();
    }

    @Test
    void tenThousandMessages_areStoredAndAcked_thoughTheBrokerClosesEveryConnectionMidRun() throws Exception {
        TextChannel events = TextChannel.of(fixture.channel("events", PayloadType.TEXT));
        String queue = fixture.queue("in", null);
        publish(queue, 10_000);
        Inbound<String> in = fixture.track(Inbound.builder(broker.factory(), queue, events, dataSource).batchSize(200)
                .prefetch(1_000).start());

        await().atMost(DEADLINE).until(() -> in.stats().stored() >= 3_000);
        broker.closeAllConnections();

        await().atMost(DEADLINE).until(() -> distinctPayloads(events) == 10_000 && fixture.queued(queue) == 0);
        assertThat(in.stats().refused()).isZero();
        // a batch stored just before the connection closed may be stored again: at least once, never lost
        assertThat(fixture.rows(events)).isBetween(10_000L, 10_000L + 1_000);
    }

    @Test
    void messageTheChannelCannotStore_isRejectedToTheQueuesDeadLetterExchange_andTheOthersAreStored()
            throws Exception {
        TextChannel events = TextChannel.of(fixture.channel("events", PayloadType.TEXT));
        String dlq = fixture.queue("in", null);
        String dlx = fixture.exchange(dlq);
        String queue = fixture.queue("in", Map.of("x-dead-letter-exchange", dlx));
        broker.with(ch -> {
            ch.basicPublish("", queue, props("good-1"), "fine".getBytes(StandardCharsets.UTF_8));
            ch.basicPublish("", queue, props("bad-1"), new byte[] {(byte) 0xC3, (byte) 0x28});
            ch.basicPublish("", queue, props("good-2"), "also fine".getBytes(StandardCharsets.UTF_8));
            return null;
        });
        Inbound<String> in = fixture.track(Inbound.builder(broker.factory(), queue, events, dataSource).start());

        await().atMost(DEADLINE).until(() -> in.stats().refused() == 1 && in.stats().stored() == 2);
        assertThat(dsl.fetchValues("select payload::text from {0} order by msg_id",
                DSL.name(events.schema(), events.tableName())).stream().map(String::valueOf).toList())
                .containsExactly("fine", "also fine");
        await().atMost(DEADLINE).until(() -> fixture.queued(dlq) == 1);
        GetResponse dead = broker.with(ch -> ch.basicGet(dlq, true));
        assertThat(dead.getProps().getMessageId()).isEqualTo("bad-1");
        assertThat(dead.getProps().getHeaders()).containsKey("x-death");
        assertThat(fixture.queued(queue)).isZero();
    }

    @Test
    void payloadTheDatabaseRefuses_goesToTheConfiguredDeadLetterExchange_withTheReason() throws Exception {
        XmlChannel documents = XmlChannel.of(fixture.channel("docs", PayloadType.XML));
        String dlq = fixture.queue("in", null);
        String dlx = fixture.exchange(dlq);
        String queue = fixture.queue("in", null);
        broker.with(ch -> {
            ch.basicPublish("", queue, props("doc-1"), "<a>fine</a>".getBytes(StandardCharsets.UTF_8));
            ch.basicPublish("", queue, props("doc-2"), "<a>not closed".getBytes(StandardCharsets.UTF_8));
            return null;
        });
        Inbound<?> in = fixture.track(Inbound.builder(broker.factory(), queue, documents, dataSource)
                .deadLetterExchange(dlx).start());

        await().atMost(DEADLINE).until(() -> in.stats().refused() == 1 && in.stats().stored() == 1);
        await().atMost(DEADLINE).until(() -> fixture.queued(dlq) == 1);
        GetResponse dead = broker.with(ch -> ch.basicGet(dlq, true));
        assertThat(dead.getProps().getMessageId()).isEqualTo("doc-2");
        assertThat(dead.getProps().getHeaders().get("x-pgmq-refused-reason").toString())
                .contains("the channel refused it (SQLSTATE 2200");
        assertThat(dead.getProps().getHeaders().get("x-pgmq-channel").toString()).isEqualTo(documents.name());
        assertThat(fixture.rows(documents)).isEqualTo(1);
        assertThat(fixture.queued(queue)).isZero();
    }

    @Test
    void messageDeliveredAgain_isStoredOnce_whenItsMessageIdIsItsDeduplicationKey() throws Exception {
        TextChannel events = TextChannel.of(fixture.channel("events", PayloadType.TEXT));
        String queue = fixture.queue("in", null);
        broker.with(ch -> {
            ch.basicPublish("", queue, props("order-7"), "placed".getBytes(StandardCharsets.UTF_8));
            ch.basicPublish("", queue, props("order-7"), "placed".getBytes(StandardCharsets.UTF_8));  // a redelivery
            ch.basicPublish("", queue, props("order-8"), "placed".getBytes(StandardCharsets.UTF_8));
            ch.basicPublish("", queue, null, "no id".getBytes(StandardCharsets.UTF_8));
            return null;
        });
        Inbound<String> in = fixture.track(Inbound.builder(broker.factory(), queue, events, dataSource)
                .deduplicateByMessageId().start());

        await().atMost(DEADLINE).until(() -> in.stats().stored() == 4);
        assertThat(in.stats().duplicates()).isEqualTo(1);
        assertThat(dsl.fetchValues("select coalesce(dedup_key, '-') from {0} order by msg_id",
                DSL.name(events.schema(), events.tableName())).stream().map(String::valueOf).toList())
                .containsExactlyInAnyOrder("order-7", "order-8", "-");
        assertThat(fixture.queued(queue)).isZero();
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

    private long distinctPayloads(Channel<?> channel) {
        return dsl.fetchValue("select count(distinct payload::text) from {0}",
                DSL.name(channel.schema(), channel.tableName())) instanceof Number n ? n.longValue() : -1;
    }
}
