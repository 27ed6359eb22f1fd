package com.acme.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.acme.events.LegacyEvent;
import com.acme.it.channels.Channels;
import com.acme.it.channels.OrderLine;
import com.acme.it.channels.OrderPlaced;
import io.pgmq.Message;
import io.pgmq.test.PgmqDatabase;
import io.pgmq.test.PgmqTest;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/** The generated json channels against a database migrated by the generated migrations (core V12 included). */
@PgmqTest(locations = "classpath:db/migration")
class JsonChannelTest {

    private static final OrderPlaced ORDER = new OrderPlaced(42L, "a@example.com", new BigDecimal("12.50"),
            Instant.parse("2026-01-31T10:15:30Z"), List.of(new OrderLine("sku-1", 2)), OrderPlaced.Status.PAID,
            null);

    @Test
    void recordSentThroughGeneratedChannel_isReceivedTyped(PgmqDatabase db) {
        DSLContext dsl = DSL.using(db.dataSource(), SQLDialect.POSTGRES);

        long id = dsl.transactionResult(tx -> Channels.ORDER_PLACED.send(tx.dsl(), ORDER));
        List<Message<OrderPlaced>> received = dsl.transactionResult(tx -> Channels.ORDER_PLACED.receive(tx.dsl(), 10));

        assertThat(received).extracting(Message::msgId).containsExactly(id);
        assertThat(received).extracting(Message::payload).containsExactly(ORDER);
    }

    @Test
    void payloadReadsWithJsonbOperators(PgmqDatabase db) throws SQLException {
        DSLContext dsl = DSL.using(db.dataSource(), SQLDialect.POSTGRES);
        dsl.transaction(tx -> Channels.ORDER_PLACED.send(tx.dsl(), ORDER));

        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement(
                "SELECT payload->>'email', payload->'lines'->0->>'sku' FROM pg_mq_queue_order_placed");
                ResultSet rs = s.executeQuery()) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("a@example.com");
            assertThat(rs.getString(2)).isEqualTo("sku-1");
        }
    }

    @Test
    void databaseRefusesAPayloadWithoutARequiredField(PgmqDatabase db) throws SQLException {
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement(
                "SELECT pg_mq_send_message('order_placed', ?::jsonb)")) {
            s.setString(1, "{\"order_id\": 1, \"total\": 1, \"placed_at\": \"2026-01-31T10:15:30Z\", \"lines\": [],"
                    + " \"status\": \"NEW\"}");
            SQLException e = catchThrowableOfType(SQLException.class, s::execute);
            assertThat(e.getSQLState()).isEqualTo("23514");
            assertThat(e.getMessage()).contains("OrderPlaced").contains("email");
        }
    }

    @Test
    void classChannel_bindsTheApplicationsClassWithJackson(PgmqDatabase db) {
        DSLContext dsl = DSL.using(db.dataSource(), SQLDialect.POSTGRES);

        dsl.transaction(tx -> Channels.LEGACY_EVENTS.send(tx.dsl(), new LegacyEvent("signup", 3)));
        List<Message<LegacyEvent>> received = dsl.transactionResult(tx -> Channels.LEGACY_EVENTS.receive(tx.dsl(), 10));

        assertThat(received).extracting(Message::payload).containsExactly(new LegacyEvent("signup", 3));
    }

    @Test
    void messageSchema_isOnTheClassPath() {
        assertThat(getClass().getResource("/META-INF/pgmq/messages/OrderPlaced.schema.json")).isNotNull();
        assertThat(getClass().getResource("/META-INF/pgmq/messages/OrderLine.schema.json")).isNotNull();
    }
}
