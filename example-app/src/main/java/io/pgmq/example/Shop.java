package io.pgmq.example;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import io.pgmq.SendOptions;
import io.pgmq.example.channels.Channels;
import io.pgmq.example.channels.OrderLine;
import io.pgmq.example.channels.OrderPlaced;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.XML;

/**
 * The shop's business logic: placing an order writes the order and sends its confirmation email, its invoice and
 * its {@code OrderPlaced} event, all in the caller's transaction. The shop's SQL lives here.
 *
 * <p>Stateless and thread-safe.
 */
final class Shop {

    private static final Table<?> ORDERS = table(name("orders"));
    private static final Field<Long> ORDER_ID = field(name("order_id"), Long.class);
    private static final Field<String> CUSTOMER = field(name("customer"), String.class);
    private static final Field<String> EMAIL = field(name("email"), String.class);
    private static final Field<String> ITEM = field(name("item"), String.class);
    private static final Field<BigDecimal> AMOUNT = field(name("amount"), BigDecimal.class);

    private Shop() {
    }

    /**
     * Writes the order, sends its confirmation email on {@code order_emails}, its invoice on {@code invoices} and its
     * {@code OrderPlaced} event on {@code order_placed}, in {@code tx}'s transaction: if it rolls back, nothing was
     * sent.
     *
     * @return the placed order: its id and the ids of its three messages
     */
    static Placed placeOrder(DSLContext tx, Order order) {
        long orderId = tx.insertInto(ORDERS)
                .set(CUSTOMER, order.customer())
                .set(EMAIL, order.email())
                .set(ITEM, order.item())
                .set(AMOUNT, order.amount())
                .returning(ORDER_ID)
                .fetchOne(ORDER_ID);
        // one confirmation per order, however often a retried checkout runs this: the key makes a second send a no-op
        long emailId = Channels.ORDER_EMAILS.send(tx, email(orderId, order),
                SendOptions.none().dedupKey(confirmationKey(orderId))).msgId();
        long invoiceId = Channels.INVOICES.send(tx, invoice(orderId, order));
        long eventId = Channels.ORDER_PLACED.send(tx, event(orderId, order));
        return new Placed(orderId, emailId, invoiceId, eventId);
    }

    /** The deduplication key of an order's confirmation email: at most one is ever queued per order. */
    static String confirmationKey(long orderId) {
        return "order-" + orderId + "-confirmation";
    }

    /** Counts the orders stored. */
    static int orderCount(DSLContext dsl) {
        return dsl.fetchCount(ORDERS);
    }

    /**
     * An order that was written.
     *
     * @param orderId   its id in {@code orders}
     * @param emailId   its confirmation email's message id on {@code order_emails}
     * @param invoiceId its invoice's message id on {@code invoices}
     * @param eventId   its {@code OrderPlaced} event's message id on {@code order_placed}
     */
    record Placed(long orderId, long emailId, long invoiceId, long eventId) {
    }

    /** The order's {@code OrderPlaced} event: a record generated from the manifest, sent as jsonb. */
    static OrderPlaced event(long orderId, Order order) {
        return new OrderPlaced(orderId, order.email(), order.amount(), Instant.now(),
                List.of(new OrderLine(order.item(), 1)), null);
    }

    /** The confirmation email: the recipient on the first line, then the text. */
    static String email(long orderId, Order order) {
        return "To: " + order.email() + "\n"
                + "Thank you, " + order.customer() + "! Order " + orderId + " (" + order.item() + ", "
                + order.amount() + " EUR) is confirmed.";
    }

    /** The recipient of an email built by {@link #email}. */
    static String recipient(String email) {
        return email.substring("To: ".length(), email.indexOf('\n'));
    }

    /** The invoice document. */
    static XML invoice(long orderId, Order order) {
        return XML.xml("<invoice order=\"" + orderId + "\" currency=\"EUR\">"
                + "<customer>" + escape(order.customer()) + "</customer>"
                + "<line item=\"" + escape(order.item()) + "\" amount=\"" + order.amount() + "\"/>"
                + "<total>" + order.amount() + "</total>"
                + "</invoice>");
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
