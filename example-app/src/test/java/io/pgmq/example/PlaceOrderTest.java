package io.pgmq.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgmq.Message;
import io.pgmq.Pgmq;
import io.pgmq.SendOptions;
import io.pgmq.SendResult;
import io.pgmq.example.channels.Channels;
import io.pgmq.example.channels.OrderLine;
import io.pgmq.test.PgmqTest;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How an application tests its own pgmq code: {@code @PgmqTest} gives the class a fresh database migrated with the
 * application's own Flyway folder (the orders table and the generated pgmq migrations), so the test sees exactly
 * what production runs.
 */
@PgmqTest(locations = "classpath:db/migration", historyTable = "flyway_schema_history")
class PlaceOrderTest {

    private static final Order ORDER =
            new Order("Alice", "alice@example.com", "coffee grinder", new BigDecimal("89.00"));

    @BeforeEach
    void emptyTheChannel(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            DSLContext dsl = Pgmq.using(c);
            while (!Channels.ORDER_EMAILS.receive(dsl, 1000).isEmpty()) {
                // drained by receive
            }
        }
    }

    @Test
    void placeOrder_enqueuesConfirmationEmail(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            DSLContext dsl = Pgmq.using(c);
            Shop.Placed placed = dsl.transactionResult(tx -> Shop.placeOrder(tx.dsl(), ORDER));

            assertThat(Channels.ORDER_EMAILS.receive(dsl, 10))
                    .extracting(Message::payload)
                    .containsExactly(Shop.email(placed.orderId(), ORDER));
        }
    }

    @Test
    void confirmationEmail_isQueuedOncePerOrder_evenWhenItsSendRunsAgain(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            DSLContext dsl = Pgmq.using(c);
            Shop.Placed placed = dsl.transactionResult(tx -> Shop.placeOrder(tx.dsl(), ORDER));

            SendResult again = Channels.ORDER_EMAILS.send(dsl, Shop.email(placed.orderId(), ORDER),
                    SendOptions.none().dedupKey(Shop.confirmationKey(placed.orderId())));

            assertThat(again.duplicate()).isTrue();
            assertThat(again.msgId()).isEqualTo(placed.emailId());
            assertThat(Channels.ORDER_EMAILS.receive(dsl, 10)).extracting(Message::msgId)
                    .containsExactly(placed.emailId());
        }
    }

    @Test
    void placeOrder_sendsItsOrderPlacedEvent_typedOnTheJsonChannel(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            DSLContext dsl = Pgmq.using(c);
            Shop.Placed placed = dsl.transactionResult(tx -> Shop.placeOrder(tx.dsl(), ORDER));

            assertThat(Channels.ORDER_PLACED.receive(dsl, 10)).extracting(Message::payload)
                    .filteredOn(event -> event.orderId() == placed.orderId())
                    .singleElement().satisfies(event -> {
                        assertThat(event.email()).isEqualTo("alice@example.com");
                        assertThat(event.total()).isEqualByComparingTo("89.00");
                        assertThat(event.lines()).extracting(OrderLine::sku, OrderLine::quantity)
                                .containsExactly(org.assertj.core.groups.Tuple.tuple("coffee grinder", 1));
                        assertThat(event.coupon()).isNull();
                    });
        }
    }

    @Test
    void placeOrder_whoseTransactionRollsBack_enqueuesNothing(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            DSLContext dsl = Pgmq.using(c);
            assertThatThrownBy(() -> dsl.transaction(tx -> {
                Shop.placeOrder(tx.dsl(), ORDER);
                throw new IllegalStateException("payment declined");
            })).hasMessageContaining("payment declined");

            assertThat(Channels.ORDER_EMAILS.receive(dsl, 10)).isEmpty();
        }
    }
}
