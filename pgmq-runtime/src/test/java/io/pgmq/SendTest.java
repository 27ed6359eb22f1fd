package io.pgmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgmq.test.PgmqTest;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.jooq.XML;
import org.junit.jupiter.api.Test;

@PgmqTest
class SendTest {

    private final TestChannels channels;
    private final DataSource dataSource;

    SendTest(DataSource dataSource) {
        this.dataSource = dataSource;
        this.channels = new TestChannels(dataSource);
    }

    @Test
    void send_inTransactionThatRollsBack_leavesNoMessage() {
        TextChannel orders = channels.text("orders");
        try {
            channels.dsl().transaction(tx -> {
                orders.send(tx.dsl(), "order 1");
                throw new IllegalStateException("order failed");
            });
        } catch (IllegalStateException expected) {
            // the caller's transaction rolled back
        }
        assertThat(orders.receive(channels.dsl(), 10)).isEmpty();
    }

    @Test
    void send_inTransactionThatCommits_isVisibleToReceivers() {
        TextChannel orders = channels.text("orders");
        long id = channels.dsl().transactionResult(tx -> orders.send(tx.dsl(), "order 1"));
        assertThat(orders.receive(channels.dsl(), 10))
                .singleElement()
                .satisfies(m -> {
                    assertThat(m.msgId()).isEqualTo(id);
                    assertThat(m.payload()).isEqualTo("order 1");
                });
    }

    @Test
    void send_uncommitted_isInvisibleToOtherTransactions() throws Exception {
        TextChannel orders = channels.text("orders");
        try (Connection producer = dataSource.getConnection()) {
            producer.setAutoCommit(false);
            orders.send(producer, "pending");
            assertThat(orders.receive(channels.dsl(), 10)).isEmpty();
            producer.commit();
        }
        assertThat(orders.receive(channels.dsl(), 10)).extracting(Message::payload).containsExactly("pending");
    }

    @Test
    void sendBatch_of10000_returnsIdsInInputOrderAndKeepsOrder() {
        TextChannel orders = channels.text("orders");
        List<String> payloads = IntStream.range(0, 10_000).mapToObj(i -> "m" + i).toList();

        List<Long> ids = channels.dsl().transactionResult(tx -> orders.sendBatch(tx.dsl(), payloads));

        assertThat(ids).hasSize(10_000).isSorted().doesNotHaveDuplicates();
        List<Message<String>> received = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            received.addAll(orders.receive(channels.dsl(), 1000));
        }
        assertThat(received).extracting(Message::payload).containsExactlyElementsOf(payloads);
        assertThat(received).extracting(Message::msgId).containsExactlyElementsOf(ids);
    }

    @Test
    void textPayload_unicode_roundTrips() {
        TextChannel notes = channels.text("notes");
        String text = "naïve café — 東京 🚀 e\u0301 ' \" ; DROP TABLE x; -- \\ \t\n end";
        notes.send(channels.dsl(), text);
        assertThat(notes.receive(channels.dsl(), 1)).extracting(Message::payload).containsExactly(text);
    }

    @Test
    void xmlPayload_roundTrips() {
        XmlChannel invoices = channels.xml("invoices");
        XML invoice = XML.valueOf("<invoice id=\"7\"><line qty=\"2\">Tea — 東京</line></invoice>");
        invoices.send(channels.dsl(), invoice);
        Delivery<XML> delivery = invoices.claim(channels.dsl(), 1, java.time.Duration.ofSeconds(30)).get(0);
        assertThat(delivery.payload()).isEqualTo(invoice);
    }

    @Test
    void byteaPayload_allByteValues_roundTrip() {
        ByteaChannel thumbnails = channels.bytea("thumbnails");
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        thumbnails.send(channels.dsl(), all);
        assertThat(thumbnails.receive(channels.dsl(), 1).get(0).payload()).isEqualTo(all);
    }

    @Test
    void send_malformedXml_isRejectedNamingTheChannel() {
        XmlChannel invoices = channels.xml("invoices");
        assertThatThrownBy(() -> invoices.send(channels.dsl(), XML.valueOf("<invoice><unclosed></invoice>")))
                .isInstanceOf(InvalidPayloadException.class)
                .hasMessageContaining("channel \"" + invoices.name() + "\"")
                .hasMessageContaining("well-formed");
    }

    @Test
    void send_nullPayload_isRejectedBeforeAnySql() {
        TextChannel orders = TextChannel.of("never_created");
        assertThatThrownBy(() -> orders.send(channels.dsl(), (String) null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("payload must not be null (channel \"never_created\")");
    }

    @Test
    void sendBatch_withNullElement_sendsNothing() {
        TextChannel orders = channels.text("orders");
        List<String> payloads = new ArrayList<>(List.of("a"));
        payloads.add(null);
        assertThatThrownBy(() -> orders.sendBatch(channels.dsl(), payloads)).isInstanceOf(NullPointerException.class);
        assertThat(channels.count(orders)).isZero();
    }

    @Test
    void send_toUnknownChannel_failsWithTheFix() {
        TextChannel missing = TextChannel.of("no_such_channel");
        assertThatThrownBy(() -> missing.send(channels.dsl(), "x"))
                .isInstanceOf(UnknownChannelException.class)
                .hasMessage("channel \"no_such_channel\" does not exist in schema \"public\""
                        + " (create it with pg_mq_create_queue or declare it in the manifest)");
    }

    @Test
    void open_withWrongPayloadType_failsOnFirstUseNamingTheRightClass() {
        String name = channels.create("images", PayloadType.BYTEA);
        TextChannel wrong = TextChannel.of(name);
        assertThatThrownBy(() -> wrong.send(channels.dsl(), "x"))
                .isInstanceOf(PayloadTypeMismatchException.class)
                .hasMessage("channel \"" + name + "\" holds bytea payloads, not text; open it as ByteaChannel.of(\""
                        + name + "\")");
    }

    @Test
    void of_invalidName_isRefusedWithTheRule() {
        assertThatThrownBy(() -> TextChannel.of("Order-Events"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("channel name \"Order-Events\" is invalid");
        assertThatThrownBy(() -> TextChannel.of("a".repeat(52)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 51");
    }

    @Test
    void sendBatch_xml_keepsOrderAndRejectsMalformedDocumentsNamingTheChannel() {
        XmlChannel invoices = channels.xml("invoices");
        List<XML> docs = IntStream.range(0, 50).mapToObj(i -> XML.valueOf("<invoice n=\"" + i + "\"/>")).toList();

        List<Long> ids = invoices.sendBatch(channels.dsl(), docs);

        assertThat(ids).hasSize(50).isSorted();
        assertThat(invoices.receive(channels.dsl(), 100)).extracting(Message::payload).containsExactlyElementsOf(docs);
        assertThatThrownBy(() -> invoices.sendBatch(channels.dsl(), List.of(XML.valueOf("<ok/>"), XML.valueOf("<bad"))))
                .isInstanceOf(InvalidPayloadException.class)
                .hasMessageContaining("channel \"" + invoices.name() + "\"");
    }

    @Test
    void sendBatch_bytea_keepsOrderAndBytes() {
        ByteaChannel blobs = channels.bytea("blobs");
        List<byte[]> payloads = IntStream.range(0, 256).mapToObj(i -> new byte[] {(byte) i, 0, (byte) (255 - i)}).toList();

        List<Long> ids = blobs.sendBatch(channels.dsl(), payloads);

        assertThat(ids).hasSize(256).isSorted();
        assertThat(blobs.receive(channels.dsl(), 1000)).extracting(Message::payload).containsExactlyElementsOf(payloads);
    }
}
