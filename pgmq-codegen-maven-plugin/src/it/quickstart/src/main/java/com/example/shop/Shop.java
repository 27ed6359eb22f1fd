package com.example.shop;

import com.example.shop.channels.Channels;
import io.pgmq.Consumer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.postgresql.ds.PGSimpleDataSource;

/** A shop that queues an order's confirmation email in the order's own transaction, and a mailer that sends it. */
public final class Shop {

    private final DSLContext dsl;

    public Shop(DataSource dataSource) {
        this.dsl = DSL.using(dataSource, SQLDialect.POSTGRES);
    }

    /** Stores the order and queues its email: both commit, or neither does. */
    public void placeOrder(long id, String email) {
        dsl.transaction(tx -> {
            tx.dsl().execute("INSERT INTO orders (id, email) VALUES (?, ?)", id, email);
            Channels.ORDER_EMAILS.send(tx.dsl(), "Thanks for order " + id + ", " + email);
        });
    }

    /** Starts the mailer: each email is handed to {@code outbox}; one that throws is retried, then dead-lettered. */
    public static Consumer<String> startMailer(DataSource dataSource, java.util.function.Consumer<String> outbox) {
        return Consumer.builder(Channels.ORDER_EMAILS, dataSource)
                .handler(delivery -> outbox.accept(delivery.payload()))
                .start();
    }

    /** Runs against a real server: {@code java ... com.example.shop.Shop jdbc:postgresql://localhost/shop user}. */
    public static void main(String[] args) throws InterruptedException {
        if (args.length < 1) {
            System.err.println("usage: Shop <jdbc-url> [user]");
            System.exit(2);
        }
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(args[0]);
        dataSource.setUser(args.length > 1 ? args[1] : "postgres");
        // your migrations and pgmq's, in one stream (classpath:db/migration, flyway_schema_history)
        Flyway.configure().dataSource(dataSource).load().migrate();

        CountDownLatch sent = new CountDownLatch(1);
        try (Consumer<String> mailer = startMailer(dataSource, email -> {
            System.out.println("sending: " + email);
            sent.countDown();
        })) {
            new Shop(dataSource).placeOrder(System.currentTimeMillis(), "ada@example.com");
            sent.await(10, TimeUnit.SECONDS);
        }
    }
}
