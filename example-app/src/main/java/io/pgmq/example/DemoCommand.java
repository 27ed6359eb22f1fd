package io.pgmq.example;

import io.pgmq.DeadLetter;
import io.pgmq.Delivery;
import io.pgmq.example.channels.Channels;
import io.pgmq.example.channels.OrderPlaced;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.w3c.dom.Element;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code demo}: runs the shop end to end, saying at each step what pgmq did: orders and their messages in one
 * transaction, a rollback that sends nothing, consumers of an xml and a bytea channel, retries and a dead letter,
 * a redrive, and the channels' stats.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Runs the shop end to end and explains each step (takes a few seconds).")
final class DemoCommand implements Callable<Integer> {

    /** The demo retries a failing email this often before it becomes a dead letter. */
    static final int MAX_ATTEMPTS = 3;
    /** How long a worker keeps draining a channel before the demo gives up. */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(20);

    @Mixin
    ConnectionOptions connection;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        long start = System.nanoTime();
        out.println("pgmq demo: a small shop whose orders, emails, invoices and thumbnails live in one PostgreSQL.");
        out.println();
        try (ShopDatabase db = connection.open(out)) {
            new Script(db.dataSource(), db.dsl(), out).run();
        }
        out.printf(Locale.ROOT, "%nDemo finished in %.1f s%s.%n", (System.nanoTime() - start) / 1e9,
                connection.jdbcUrl == null ? "; the embedded PostgreSQL is stopped and its data deleted" : "");
        return ShopCli.OK;
    }

    /** The demo's steps, on one autocommit connection. */
    private static final class Script {

        private final DataSource dataSource;
        private final DSLContext dsl;
        private final PrintWriter out;
        /** Addresses the pretend mail server rejects, until the customer clears her mailbox. */
        private final Set<String> fullMailboxes = new HashSet<>(Set.of("carol@example.com"));

        Script(DataSource dataSource, DSLContext dsl, PrintWriter out) {
            this.dataSource = dataSource;
            this.dsl = dsl;
            this.out = out;
        }

        void run() throws InterruptedException {
            placeOrders();
            rollBack();
            readOrderEvents();
            bookInvoices();
            makeThumbnails();
            sendEmails();
            showStatsWhileBusy();
        }

        private void step(String title) {
            out.println();
            out.println("== " + title);
            out.flush();
        }

        private void say(String line) {
            out.println("   " + line);
            out.flush();
        }

        private void placeOrders() {
            step("1. Placing orders: each order row and its messages are written in ONE transaction");
            place(new Order("Alice", "alice@example.com", "coffee grinder", new BigDecimal("89.00")));
            place(new Order("Bob", "bob@example.com", "espresso cups (6)", new BigDecimal("24.50")));
            place(new Order("Carol", "carol@example.com", "milk frother", new BigDecimal("39.90")));
            say("Consumers see these messages only because the transactions committed.");
        }

        private Shop.Placed place(Order order) {
            Shop.Placed placed = dsl.transactionResult(tx -> Shop.placeOrder(tx.dsl(), order));
            say("order " + placed.orderId() + " for " + order.customer() + " (" + order.item() + ", " + order.amount()
                    + " EUR) committed, with email #" + placed.emailId() + " on order_emails, invoice #"
                    + placed.invoiceId() + " on invoices and OrderPlaced event #" + placed.eventId() + " on order_placed");
            return placed;
        }

        private void rollBack() {
            step("2. A failed checkout: its transaction rolls back, and the messages it sent go with it");
            int ordersBefore = Shop.orderCount(dsl);
            long emailsBefore = waiting(Channels.ORDER_EMAILS.name());
            Order dave = new Order("Dave", "dave@example.com", "grinder burrs", new BigDecimal("15.00"));
            try {
                dsl.transaction(tx -> {
                    Shop.Placed placed = Shop.placeOrder(tx.dsl(), dave);
                    say("inside the transaction: order " + placed.orderId() + " for Dave written, email #"
                            + placed.emailId() + ", invoice #" + placed.invoiceId() + " and event #"
                            + placed.eventId() + " sent");
                    throw new PaymentDeclined("card declined");
                });
            } catch (PaymentDeclined e) {
                say("payment failed (" + e.getMessage() + "): ROLLBACK");
            }
            int ordersAfter = Shop.orderCount(dsl);
            long emailsAfter = waiting(Channels.ORDER_EMAILS.name());
            say("orders in the table: " + ordersBefore + " before, " + ordersAfter + " after; emails waiting on"
                    + " order_emails: " + emailsBefore + " before, " + emailsAfter + " after");
            say(ordersAfter == ordersBefore && emailsAfter == emailsBefore
                    ? "=> nothing was sent for Dave's order: no email for an order that does not exist"
                    : "=> UNEXPECTED: the rolled-back order left something behind");
        }

        private void readOrderEvents() throws InterruptedException {
            step("3. Order events (json channel): typed OrderPlaced records, stored as jsonb, checked by the database");
            for (Record row : dsl.fetch("select msg_id, payload->>'email' from {0} order by msg_id",
                    DSL.name(Channels.ORDER_PLACED.schema(), Channels.ORDER_PLACED.tableName()))) {
                say("SQL sees event #" + row.get(0, Long.class) + " as jsonb: payload->>'email' = "
                        + row.get(1, String.class));
            }
            try {
                dsl.execute("select pg_mq_send_message('order_placed', '{\"order_id\": \"42\"}'::jsonb)");
                say("UNEXPECTED: the database took an OrderPlaced without its fields");
            } catch (DataAccessException e) {
                String message = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
                say("a psql producer sending {\"order_id\": \"42\"} is refused by the channel's contract:");
                say("  " + message.lines().findFirst().orElse(message));
            }
            say("starting a typed consumer: Consumer<OrderPlaced>, whose handler gets Delivery<OrderPlaced>");
            int read = Worker.consume(dataSource, dsl, Channels.ORDER_PLACED, this::readOrderEvent, () -> { },
                    DRAIN_TIMEOUT);
            say(read + " OrderPlaced events handled and acked");
        }

        private void readOrderEvent(Delivery<OrderPlaced> delivery) {
            OrderPlaced event = delivery.payload();
            say("event #" + delivery.msgId() + ": order " + event.orderId() + " for " + event.email() + ", "
                    + event.lines().size() + " line(s), first " + event.lines().get(0).sku() + ", total "
                    + event.total() + " EUR");
        }

        private void bookInvoices() throws InterruptedException {
            step("4. Invoices (xml channel): the accounting consumer books each invoice");
            say("starting the accounting consumer (io.pgmq.Consumer: LISTEN \"invoices\", claim, handle, ack)");
            int booked = Worker.consume(dataSource, dsl, Channels.INVOICES, this::bookInvoice, () -> { },
                    DRAIN_TIMEOUT);
            say(booked + " invoices booked and acked; the invoices channel is empty");
        }

        private void bookInvoice(Delivery<org.jooq.XML> delivery) throws Exception {
            Element invoice = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new ByteArrayInputStream(delivery.payload().data().getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                    .getDocumentElement();
            say("booked invoice #" + delivery.msgId() + ": order " + invoice.getAttribute("order") + ", "
                    + invoice.getElementsByTagName("customer").item(0).getTextContent() + ", total "
                    + invoice.getElementsByTagName("total").item(0).getTextContent() + " "
                    + invoice.getAttribute("currency"));
        }

        private void makeThumbnails() throws InterruptedException {
            step("5. Thumbnails (bytea channel): product photos go in as bytes, a consumer shrinks them");
            say("starting the thumbnail consumer first: the uploads' NOTIFY wakes it");
            Worker.consume(dataSource, dsl, Channels.THUMBNAILS, this::makeThumbnail, () -> {
                for (String photo : List.of("grinder.png", "cups.png")) {
                    byte[] image = Photos.fake(photo);
                    long id = Channels.THUMBNAILS.send(dsl, image);
                    say("uploaded " + photo + " (" + image.length + " bytes) as message #" + id + " on thumbnails");
                }
            }, DRAIN_TIMEOUT);
        }

        private void makeThumbnail(Delivery<byte[]> delivery) {
            byte[] thumbnail = Photos.shrink(delivery.payload());
            say("thumbnail of message #" + delivery.msgId() + ": " + delivery.payload().length + " bytes in, "
                    + thumbnail.length + " bytes out");
        }

        private void sendEmails() throws InterruptedException {
            step("6. Emails (text channel): the mail server rejects Carol's address, so pgmq retries, then gives up");
            ChannelSettings.retries(dsl, Channels.ORDER_EMAILS, MAX_ATTEMPTS, Duration.ofMillis(100),
                    Duration.ofMillis(400));
            say("(for the demo, order_emails gets " + MAX_ATTEMPTS + " attempts and a 100 ms backoff instead of"
                    + " its manifest's 5 attempts and 1 s: pg_mq_alter_channel)");
            Worker<String> mailer = new Worker<>(dsl, Channels.ORDER_EMAILS, this::sendEmail, out);
            mailer.drain(DRAIN_TIMEOUT);
            List<DeadLetter> dead = Channels.ORDER_EMAILS.deadLetters(dsl, 100);
            say("dead letters on order_emails: " + dead.size());
            for (DeadLetter letter : dead) {
                say("  message #" + letter.msgId() + " after " + letter.attempts() + " attempts, last error \""
                        + letter.lastError() + "\"; it stays there, nothing is lost, until someone redrives it");
            }
        }

        private void sendEmail(Delivery<String> delivery) throws IOException {
            String to = Shop.recipient(delivery.payload());
            String attempt = "(message #" + delivery.msgId() + ", attempt " + delivery.attempt() + " of "
                    + MAX_ATTEMPTS + ")";
            if (fullMailboxes.contains(to)) {
                say("email to " + to + " FAILED " + attempt + ": 552 mailbox full");
                throw new IOException("552 mailbox full: " + to);
            }
            say("email to " + to + " sent " + attempt);
        }

        private void showStatsWhileBusy() throws InterruptedException {
            step("7. Channel stats while work is waiting");
            place(new Order("Erin", "erin@example.com", "scale", new BigDecimal("45.00")));
            long photo = Channels.THUMBNAILS.send(dsl, Photos.fake("scale.png"));
            List<Delivery<byte[]>> held = Channels.THUMBNAILS.claim(dsl, 1, Worker.LEASE);
            say("a new order arrived (Erin), and a thumbnail worker has claimed photo #" + photo + " (leased)");
            printStats();

            step("8. Redrive: Carol cleared her mailbox, so her dead letter goes back in the queue");
            fullMailboxes.clear();
            long redriven = Channels.ORDER_EMAILS.redrive(dsl);
            say("redrive brought back " + redriven + " message(s), with their attempts counted from zero");
            new Worker<>(dsl, Channels.ORDER_EMAILS, this::sendEmail, out).drain(DRAIN_TIMEOUT);
            new Worker<>(dsl, Channels.INVOICES, this::bookInvoice, out).drain(DRAIN_TIMEOUT);
            Worker<byte[]> resizer = new Worker<>(dsl, Channels.THUMBNAILS, this::makeThumbnail, out);
            for (Delivery<byte[]> delivery : held) {
                resizer.handle(delivery);
            }

            step("9. Channel stats at the end: every message delivered, none dead");
            printStats();
        }

        private void printStats() {
            for (String line : ChannelStats.format(ChannelStats.of(dsl, Channels.ORDER_EMAILS.schema())).split("\n")) {
                say(line);
            }
            say("(ready: can be claimed now; waiting: retry backoff or delayed send; leased: a consumer holds it;"
                    + " dead: attempts used up; oldest: age of the oldest message not yet done)");
        }

        /** Messages on the channel not yet done: ready, waiting or leased. */
        private long waiting(String channel) {
            return ChannelStats.of(dsl, Channels.ORDER_EMAILS.schema()).stream()
                    .filter(s -> s.channel().equals(channel))
                    .mapToLong(s -> s.ready() + s.delayed() + s.leased())
                    .sum();
        }
    }

    /** The pretend payment provider said no. */
    private static final class PaymentDeclined extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PaymentDeclined(String message) {
            super(message);
        }
    }
}
