package io.pgmq.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.GetResponse;
import io.pgmq.ByteaChannel;
import io.pgmq.Channel;
import io.pgmq.PayloadType;
import io.pgmq.TextChannel;
import io.pgmq.XmlChannel;
import io.pgmq.test.PgmqTest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.XML;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@PgmqTest
@Timeout(180)
class OutboundTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private final GatewayFixture fixture;
    private final BrokerForTests broker;
    private final DataSource dataSource;
    private final DSLContext dsl;

    OutboundTest(DataSource dataSource) {
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
    void tenThousandMessages_reachTheQueueAndAreAcked_thoughTheBrokerClosesEveryConnectionMidRun() throws Exception {
        TextChannel orders = TextChannel.of(fixture.channel("orders", PayloadType.TEXT));
        String queue = fixture.queue("out", null);
        for (int from = 0; from < 10_000; from += 1_000) {
            orders.sendBatch(dsl, IntStream.range(from, from + 1_000).mapToObj(i -> "order " + i).toList());
        }
        Outbound<String> out = fixture.track(Outbound.builder(orders, dataSource, broker.factory()).exchange("")
                .routingKey(queue).batchSize(200).inFlightBatches(2).start());

        await().atMost(DEADLINE).until(() -> out.stats().confirmed() >= 3_000);
        broker.closeAllConnections();

        await().atMost(DEADLINE).until(() -> fixture.pending(orders) == 0);
        Map<String, Integer> copies = drain(queue);
        assertThat(copies.keySet()).hasSize(10_000);
        long duplicates = copies.values().stream().mapToInt(n -> n - 1).sum();
        assertThat(duplicates).isLessThanOrEqualTo(out.stats().republished());
        assertThat(out.stats().confirmed()).isGreaterThanOrEqualTo(10_000);
    }

    @Test
    void rolledBackSend_isNeverPublished() throws Exception {
        TextChannel orders = TextChannel.of(fixture.channel("orders", PayloadType.TEXT));
        String queue = fixture.queue("out", null);
        try (Connection tx = dataSource.getConnection()) {
            tx.setAutoCommit(false);
            orders.send(tx, "rolled back");
            tx.rollback();
        }
        orders.send(dsl, "committed");
        fixture.track(Outbound.builder(orders, dataSource, broker.factory()).exchange("").routingKey(queue).start());

        await().atMost(DEADLINE).until(() -> fixture.pending(orders) == 0);
        assertThat(bodies(queue)).containsExactly("committed");
    }

    @Test
    void unroutableMessage_becomesADeadLetterWithTheBrokersReason() throws Exception {
        TextChannel orders = TextChannel.of(fixture.channel("orders", PayloadType.TEXT));
        dsl.execute("select pg_mq_alter_channel({0}, in_max_attempts => 2, in_backoff_base => interval '10 "
                + "milliseconds', in_backoff_max => interval '20 milliseconds')", DSL.val(orders.name()));
        String exchange = "pgmq-test-unbound-" + GatewayFixture.next();
        broker.with(ch -> ch.exchangeDeclare(exchange, "direct", false, true, null));
        long id = orders.send(dsl, "nobody listens");
        Outbound<String> out = fixture.track(Outbound.builder(orders, dataSource, broker.factory()).exchange(exchange)
                .routingKey("nowhere").consumer(c -> c.pollInterval(Duration.ofMillis(100))).start());

        await().atMost(DEADLINE).until(() -> !orders.deadLetters(dsl, 10).isEmpty());
        assertThat(orders.deadLetters(dsl, 10)).singleElement().satisfies(dead -> {
            assertThat(dead.msgId()).isEqualTo(id);
            assertThat(dead.attempts()).isEqualTo(2);
            assertThat(dead.lastError()).contains("unroutable", "312 NO_ROUTE", exchange, "nowhere");
        });
        assertThat(out.stats().returned()).isEqualTo(2);
    }

    @Test
    void failureBetweenConfirmAndAck_publishesTheMessageAgainWithTheSameMessageId() throws Exception {
        TextChannel orders = TextChannel.of(fixture.channel("orders", PayloadType.TEXT));
        dsl.execute("select pg_mq_alter_channel({0}, in_backoff_base => interval '10 milliseconds',"
                + " in_backoff_max => interval '20 milliseconds')", DSL.val(orders.name()));
        String queue = fixture.queue("out", null);
        long id = orders.send(dsl, "twice");
        AtomicBoolean crashed = new AtomicBoolean();
        Outbound<String> out = fixture.track(Outbound.builder(orders, dataSource, broker.factory()).exchange("")
                .routingKey(queue).pgmqHeaders(true).consumer(c -> c.pollInterval(Duration.ofMillis(100)))
                .afterConfirms(() -> {
                    if (crashed.compareAndSet(false, true)) {
                        throw new IllegalStateException("crash after the broker's confirm, before the ack");
                    }
                }).start());

        await().atMost(DEADLINE).until(() -> fixture.pending(orders) == 0);
        List<GetResponse> got = broker.with(ch -> {
            List<GetResponse> all = new ArrayList<>();
            for (GetResponse r; (r = ch.basicGet(queue, true)) != null; ) {
                all.add(r);
            }
            return all;
        });
        assertThat(got).hasSize(2).allSatisfy(r -> {
            assertThat(r.getProps().getMessageId()).isEqualTo(orders.name() + ":" + id);
            assertThat(new String(r.getBody(), StandardCharsets.UTF_8)).isEqualTo("twice");
        });
        assertThat(got).extracting(r -> r.getProps().getHeaders().get("pgmq-attempt")).containsExactly(1, 2);
        assertThat(out.stats().republished()).isEqualTo(1);
    }

    @Test
    void eachPayloadType_travelsWithItsContentType_sentAtAsTimestamp_andPgmqHeadersWhenAskedFor() throws Exception {
        TextChannel text = TextChannel.of(fixture.channel("t", PayloadType.TEXT));
        XmlChannel xml = XmlChannel.of(fixture.channel("x", PayloadType.XML));
        ByteaChannel bytea = ByteaChannel.of(fixture.channel("b", PayloadType.BYTEA));
        String queue = fixture.queue("out", null);
        long textId = text.send(dsl, "grüße");
        java.time.Instant sentAt = sentAtToTheSecond(text, textId);
        xml.send(dsl, XML.valueOf("<order id=\"1\"/>"));
        bytea.send(dsl, new byte[] {0, 1, 2, (byte) 255});
        for (Channel<?> c : List.of(text, xml, bytea)) {
            fixture.track(Outbound.builder(c, dataSource, broker.factory()).exchange("").routingKey(queue)
                    .pgmqHeaders(true).start());
        }

        await().atMost(DEADLINE).until(() -> fixture.pending(text) + fixture.pending(xml) + fixture.pending(bytea) == 0);
        Map<String, GetResponse> byType = new HashMap<>();
        broker.with(ch -> {
            for (GetResponse r; (r = ch.basicGet(queue, true)) != null; ) {
                byType.put(r.getProps().getContentType(), r);
            }
            return null;
        });
        assertThat(byType).containsOnlyKeys("text/plain; charset=utf-8", "application/xml",
                "application/octet-stream");
        GetResponse t = byType.get("text/plain; charset=utf-8");
        assertThat(new String(t.getBody(), StandardCharsets.UTF_8)).isEqualTo("grüße");
        assertThat(t.getProps().getHeaders()).containsEntry("pgmq-msg-id", textId);
        assertThat(t.getProps().getHeaders().get("pgmq-channel").toString()).isEqualTo(text.name());
        assertThat(t.getProps().getTimestamp().toInstant()).isEqualTo(sentAt);
        assertThat(t.getProps().getDeliveryMode()).isEqualTo(2);
        assertThat(new String(byType.get("application/xml").getBody(), StandardCharsets.UTF_8))
                .isEqualTo("<order id=\"1\"/>");
        assertThat(byType.get("application/octet-stream").getBody()).containsExactly(0, 1, 2, 255);
    }

    @Test
    void messageHeaders_travelAsAmqpHeaders_besideThePgmqOnes() throws Exception {
        TextChannel orders = TextChannel.of(fixture.channel("h", PayloadType.TEXT));
        String queue = fixture.queue("out", null);
        long id = orders.send(dsl, "x", io.pgmq.SendOptions.none().header("tenant", "acme")
                .header("pgmq-msg-id", "spoofed")).msgId();
        fixture.track(Outbound.builder(orders, dataSource, broker.factory()).exchange("").routingKey(queue)
                .pgmqHeaders(true).start());

        await().atMost(DEADLINE).until(() -> fixture.pending(orders) == 0);
        GetResponse got = broker.with(ch -> ch.basicGet(queue, true));
        assertThat(got.getProps().getHeaders().get("tenant").toString()).isEqualTo("acme");
        assertThat(got.getProps().getHeaders()).containsEntry("pgmq-msg-id", id);
    }

    @Test
    void byDefault_onlyTheMessagesOwnHeadersTravel_andNoneMakeNoHeadersTable() throws Exception {
        TextChannel orders = TextChannel.of(fixture.channel("d", PayloadType.TEXT));
        String queue = fixture.queue("out", null);
        long plain = orders.send(dsl, "plain");
        long tagged = orders.send(dsl, "tagged", io.pgmq.SendOptions.none().header("tenant", "acme")).msgId();
        fixture.track(Outbound.builder(orders, dataSource, broker.factory()).exchange("").routingKey(queue).start());

        await().atMost(DEADLINE).until(() -> fixture.pending(orders) == 0);
        Map<String, GetResponse> byId = new HashMap<>();
        broker.with(ch -> {
            for (GetResponse r; (r = ch.basicGet(queue, true)) != null; ) {
                byId.put(r.getProps().getMessageId(), r);
            }
            return null;
        });
        assertThat(byId).containsOnlyKeys(orders.name() + ":" + plain, orders.name() + ":" + tagged);
        assertThat(byId.get(orders.name() + ":" + plain).getProps().getHeaders()).isNull();
        assertThat(byId.get(orders.name() + ":" + tagged).getProps().getHeaders()).containsOnlyKeys("tenant");
    }

    @Test
    void builder_refusesBadSettings_namingThem() {
        TextChannel orders = TextChannel.of("orders");
        assertThatThrownBy(() -> Outbound.builder(orders, dataSource, broker.factory()).start())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("set the exchange");
        assertThatThrownBy(() -> Outbound.builder(orders, dataSource, broker.factory()).exchange("")
                .inFlightBatches(0).start())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("inFlightBatches must be 1..64, was 0");
        assertThatThrownBy(() -> Outbound.builder(orders, dataSource, broker.factory()).exchange("")
                .batchSize(1001).start())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("batchSize must be 1..1000, was 1001");
    }

    /** AMQP timestamps count whole seconds. */
    private java.time.Instant sentAtToTheSecond(Channel<?> channel, long msgId) {
        return java.time.Instant.ofEpochSecond(((Number) dsl.fetchValue(
                "select extract(epoch from date_trunc('second', sent_at))::bigint from {0} where msg_id = {1}",
                DSL.name(channel.schema(), channel.tableName()), DSL.val(msgId))).longValue());
    }

    /** Every message in the queue, by message-id, with how many copies arrived. */
    private Map<String, Integer> drain(String queue) throws Exception {
        return broker.with(ch -> {
            Map<String, Integer> copies = new HashMap<>();
            for (GetResponse r; (r = ch.basicGet(queue, true)) != null; ) {
                copies.merge(r.getProps().getMessageId(), 1, Integer::sum);
            }
            return copies;
        });
    }

    private List<String> bodies(String queue) throws Exception {
        return broker.with(ch -> {
            List<String> all = new ArrayList<>();
            for (GetResponse r; (r = ch.basicGet(queue, true)) != null; ) {
                all.add(new String(r.getBody(), StandardCharsets.UTF_8));
            }
            return all;
        });
    }
}
