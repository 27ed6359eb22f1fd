package io.pgmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.pgmq.test.PgmqTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * JsonChannel end to end on a real database: records through {@link JsonCodec#jackson}, consumers, batches, locked
 * claims, the json contract, and poison messages (a payload that cannot be decoded is a dead letter at once).
 */
@PgmqTest
@Timeout(60)
class JsonChannelTest {

    private static final Duration DEADLINE = Duration.ofSeconds(15);

    /** A message as a generated record would be: a nested list of another record. */
    record OrderPlaced(long id, String email, List<OrderLine> lines) {
    }

    record OrderLine(String sku, int quantity) {
    }

    private static final OrderPlaced ORDER = new OrderPlaced(42, "ann@example.com",
            List.of(new OrderLine("tea", 2), new OrderLine("cup", 1)));

    private final DataSource dataSource;
    private final TestChannels channels;
    private final List<Consumer<?>> started = new ArrayList<>();

    JsonChannelTest(DataSource dataSource) {
        this.dataSource = dataSource;
        this.channels = new TestChannels(dataSource);
    }

    @AfterEach
    void closeConsumers() {
        started.forEach(Consumer::close);
    }

    @Test
    void sendThenConsumer_handlesTheRecordAsATypedDelivery() {
        JsonChannel<OrderPlaced> orders = orders();
        List<Delivery<OrderPlaced>> handled = new CopyOnWriteArrayList<>();
        started.add(Consumer.builder(orders, dataSource).pollInterval(Duration.ofMillis(50))
                .handler(handled::add).start());

        long id = orders.send(channels.dsl(), ORDER);

        await().atMost(DEADLINE).until(() -> handled.size() == 1);
        assertThat(handled.get(0).msgId()).isEqualTo(id);
        assertThat(handled.get(0).payload()).isEqualTo(ORDER);
    }

    @Test
    void send_storesJsonbThatPsqlReadsWithOperators() {
        JsonChannel<OrderPlaced> orders = orders();

        long id = orders.send(channels.dsl(), ORDER);

        assertThat(channels.dsl().fetchValue("select payload->>'email' from " + table(orders) + " where msg_id = {0}",
                DSL.val(id))).isEqualTo("ann@example.com");
        assertThat(channels.dsl().fetchValue("select jsonb_array_length(payload->'lines') from " + table(orders)))
                .isEqualTo(2);
    }

    @Test
    void sendBatch_thenClaim_returnsTheRecordsInOrder() {
        JsonChannel<OrderPlaced> orders = orders();
        List<OrderPlaced> sent = List.of(ORDER, new OrderPlaced(43, "bob@example.com", List.of()),
                new OrderPlaced(44, "cy@example.com", List.of(new OrderLine("pot", 1))));

        List<Long> ids = orders.sendBatch(channels.dsl(), sent);

        List<Delivery<OrderPlaced>> claimed = orders.claim(channels.dsl(), 10, Duration.ofSeconds(30));
        assertThat(claimed).extracting(Delivery::msgId).containsExactlyElementsOf(ids);
        assertThat(claimed).extracting(Delivery::payload).containsExactlyElementsOf(sent);
    }

    @Test
    void receive_returnsTheRecord() {
        JsonChannel<OrderPlaced> orders = orders();
        orders.send(channels.dsl(), ORDER);

        assertThat(orders.receive(channels.dsl(), 5)).extracting(Message::payload).containsExactly(ORDER);
    }

    @Test
    void claimLocked_returnsTheRecords_andCompleteRemovesThem() {
        JsonChannel<OrderPlaced> orders = orders();
        orders.send(channels.dsl(), ORDER);

        OrderPlaced handled = channels.dsl().transactionResult(tx -> {
            LockedDelivery<OrderPlaced> locked = orders.claimLocked(tx.dsl(), 5).get(0);
            orders.complete(tx.dsl(), locked);
            return locked.payload();
        });

        assertThat(handled).isEqualTo(ORDER);
        assertThat(channels.count(orders)).isZero();
    }

    @Test
    void transactionalConsumer_handlesTheRecord() {
        JsonChannel<OrderPlaced> orders = orders();
        List<OrderPlaced> handled = new CopyOnWriteArrayList<>();
        started.add(Consumer.builder(orders, dataSource).pollInterval(Duration.ofMillis(50))
                .transactionalHandler((tx, d) -> handled.add(d.payload())).start());

        orders.send(channels.dsl(), ORDER);

        await().atMost(DEADLINE).until(() -> handled.size() == 1);
        assertThat(handled).containsExactly(ORDER);
        await().atMost(DEADLINE).until(() -> channels.count(orders) == 0);
    }

    @Test
    void propertiesTheRecordDoesNotHave_areIgnoredOnRead() {
        JsonChannel<OrderPlaced> orders = orders();
        sendJson(orders, "{\"id\": 7, \"email\": \"e@x\", \"lines\": [], \"added_later\": {\"by\": \"a newer producer\"}}");

        assertThat(orders.claim(channels.dsl(), 1, Duration.ofSeconds(30))).extracting(Delivery::payload)
                .containsExactly(new OrderPlaced(7, "e@x", List.of()));
    }

    @Test
    void poisonMessage_isADeadLetterAtOnce_namingChannelMessageAndField_andTheOthersAreDelivered() {
        JsonChannel<OrderPlaced> orders = orders();
        channels.dsl().execute("select pg_mq_alter_channel({0}, in_max_attempts => 5)", DSL.val(orders.name()));
        long before = orders.send(channels.dsl(), ORDER);
        long poison = sendJson(orders, "{\"id\": \"forty-two\", \"email\": \"e@x\", \"lines\": []}");
        long after = orders.send(channels.dsl(), ORDER);

        List<Delivery<OrderPlaced>> claimed = orders.claim(channels.dsl(), 10, Duration.ofSeconds(30));

        assertThat(claimed).extracting(Delivery::msgId).containsExactly(before, after);
        assertThat(orders.deadLetters(channels.dsl(), 10)).singleElement().satisfies(dead -> {
            assertThat(dead.msgId()).isEqualTo(poison);
            assertThat(dead.attempts()).isEqualTo(1);
            assertThat(dead.lastError()).startsWith("channel \"" + orders.name() + "\": message " + poison
                    + " cannot be decoded: field id: ").contains("forty-two");
        });
    }

    @Test
    void poisonMessage_underAConsumer_neverReachesTheHandlerAndIsNotRetried() {
        JsonChannel<OrderPlaced> orders = orders();
        channels.dsl().execute("select pg_mq_alter_channel({0}, in_max_attempts => 5)", DSL.val(orders.name()));
        List<OrderPlaced> handled = new CopyOnWriteArrayList<>();
        started.add(Consumer.builder(orders, dataSource).pollInterval(Duration.ofMillis(50))
                .handler(d -> handled.add(d.payload())).start());

        long poison = sendJson(orders, "[\"not\", \"an\", \"order\"]");
        orders.send(channels.dsl(), ORDER);

        await().atMost(DEADLINE).until(() -> handled.size() == 1 && !orders.deadLetters(channels.dsl(), 10).isEmpty());
        assertThat(orders.deadLetters(channels.dsl(), 10)).singleElement().satisfies(dead -> {
            assertThat(dead.msgId()).isEqualTo(poison);
            assertThat(dead.attempts()).isEqualTo(1);
        });
        assertThat(handled).containsExactly(ORDER);
    }

    @Test
    void poisonMessage_inALockedClaim_isADeadLetterWhenTheTransactionCommits() {
        JsonChannel<OrderPlaced> orders = orders();
        long poison = sendJson(orders, "{\"id\": 1, \"email\": \"e@x\", \"lines\": 3}");

        List<LockedDelivery<OrderPlaced>> locked = channels.dsl().transactionResult(tx -> orders.claimLocked(tx.dsl(), 5));

        assertThat(locked).isEmpty();
        assertThat(orders.deadLetters(channels.dsl(), 10)).singleElement().satisfies(dead -> {
            assertThat(dead.msgId()).isEqualTo(poison);
            assertThat(dead.lastError()).contains("message " + poison + " cannot be decoded: field lines: ");
        });
    }

    @Test
    void poisonMessage_receivedInATransaction_isADeadLetterNotLost() {
        JsonChannel<OrderPlaced> orders = orders();
        long poison = sendJson(orders, "{\"id\": {}, \"email\": \"e@x\", \"lines\": []}");

        List<Message<OrderPlaced>> received = channels.dsl().transactionResult(tx -> orders.receive(tx.dsl(), 5));

        assertThat(received).isEmpty();
        assertThat(orders.deadLetters(channels.dsl(), 10)).extracting(DeadLetter::msgId).containsExactly(poison);
    }

    @Test
    void sendBreakingTheJsonContract_isAnInvalidPayloadNamingTheConstraint() {
        JsonChannel<OrderPlaced> orders = orders();
        channels.dsl().execute("select pg_mq_set_json_contract({0}, {1}::jsonb)", DSL.val(orders.name()),
                DSL.val("{\"message\": \"OrderPlaced\", \"fields\": {\"id\": {\"type\": \"number\", \"required\": true},"
                        + " \"coupon\": {\"type\": \"string\", \"required\": true}}}"));

        assertThatThrownBy(() -> orders.send(channels.dsl(), ORDER))
                .isInstanceOf(InvalidPayloadException.class)
                .hasMessageContaining("channel \"" + orders.name() + "\": send failed")
                .hasMessageContaining("message OrderPlaced: field \"coupon\" is required, a JSON string, but it is"
                        + " missing")
                .hasMessageContaining("json contract");
        assertThat(channels.count(orders)).isZero();
    }

    @Test
    void codecThatWritesMalformedJson_isAnInvalidPayload() {
        JsonChannel<String> raw = JsonChannel.of("public", channels.create("raw", PayloadType.JSONB),
                new JsonCodec<>() {
                    @Override
                    public String encode(String value) {
                        return value;
                    }

                    @Override
                    public String decode(String json) {
                        return json;
                    }
                });

        assertThatThrownBy(() -> raw.send(channels.dsl(), "{\"unclosed\": "))
                .isInstanceOf(InvalidPayloadException.class)
                .hasMessageContaining("send valid JSON");
    }

    @Test
    void jsonChannel_onATextChannel_isAMismatch_andATextChannelOnAJsonbOneNamesJsonChannel() {
        String text = channels.create("plain", PayloadType.TEXT);
        String json = channels.create("events", PayloadType.JSONB);

        assertThatThrownBy(() -> JsonChannel.of("public", text, OrderPlaced.class).send(channels.dsl(), ORDER))
                .isInstanceOf(PayloadTypeMismatchException.class);
        assertThatThrownBy(() -> TextChannel.of(json).send(channels.dsl(), "{}"))
                .isInstanceOf(PayloadTypeMismatchException.class)
                .hasMessageContaining("open it as JsonChannel.of(\"public\", \"" + json + "\", YourMessage.class)");
    }

    @Test
    void jsonChannel_reportsItsPayloadType() {
        assertThat(JsonChannel.of("public", "events", OrderPlaced.class).payloadType()).isEqualTo(PayloadType.JSONB);
    }

    private JsonChannel<OrderPlaced> orders() {
        return JsonChannel.of("public", channels.create("orders", PayloadType.JSONB), OrderPlaced.class);
    }

    /** Sends JSON text as psql or another producer would, past the channel's codec. */
    private long sendJson(Channel<?> channel, String json) {
        return channels.dsl().fetchValue("select msg_id from pg_mq_send_message({0}, {1}::text)",
                DSL.val(channel.name()), DSL.val(json)) instanceof Number n ? n.longValue() : -1;
    }

    private static String table(Channel<?> channel) {
        return "\"" + channel.schema() + "\".\"" + channel.tableName() + "\"";
    }
}
