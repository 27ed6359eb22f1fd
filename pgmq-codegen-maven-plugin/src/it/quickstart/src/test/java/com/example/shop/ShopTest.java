package com.example.shop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pgmq.Consumer;
import io.pgmq.test.PgmqTest;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A fresh database migrated with the application's own stream (orders and pgmq's migrations). */
@PgmqTest(application = true)
class ShopTest {

    @Test
    @Timeout(30)
    void placedOrder_emailIsSentByTheMailer(DataSource dataSource) throws InterruptedException {
        BlockingQueue<String> outbox = new LinkedBlockingQueue<>();
        try (Consumer<String> mailer = Shop.startMailer(dataSource, outbox::add)) {
            new Shop(dataSource).placeOrder(42, "ada@example.com");

            assertEquals("Thanks for order 42, ada@example.com", outbox.poll(20, TimeUnit.SECONDS));
        }
    }

    @Test
    void orderThatFails_queuesNoEmail(DataSource dataSource) {
        Shop shop = new Shop(dataSource);
        shop.placeOrder(7, "bob@example.com");

        // the same id again: the INSERT fails, so the transaction and its email roll back
        assertThrows(RuntimeException.class, () -> shop.placeOrder(7, "bob@example.com"));

        assertEquals(1, DSL.using(dataSource, SQLDialect.POSTGRES).fetchCount(DSL.table("pg_mq_queue_order_emails")));
    }
}
