package io.pgmq.example.spring;

import io.pgmq.Delivery;
import io.pgmq.spring.PgmqListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The shop's consumers: one per message kind, started and stopped by the pgmq starter. */
@Component
class OrderListeners {

    private static final Logger LOG = LoggerFactory.getLogger(OrderListeners.class);

    private final JdbcTemplate jdbc;

    OrderListeners(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Sends the confirmation email (here: records it). At-least-once under a lease: a crash after sending and before
     * the ack sends it again, so a real mailer would be idempotent by order id.
     */
    @PgmqListener("ORDER_EMAILS")
    void sendEmail(Delivery<String> delivery) {
        String[] parts = delivery.payload().split("\\|", 3);
        long orderId = Long.parseLong(parts[0]);
        LOG.info("order {}: emailing {} (attempt {})", orderId, parts[1], delivery.attempt());
        jdbc.update("INSERT INTO sent_emails (order_id, body) VALUES (?, ?)", orderId, parts[2]);
    }

    /**
     * Ships the order: the shipment row, the order's new status and the message's completion commit in one
     * transaction, so the order ships exactly once.
     */
    @PgmqListener(value = "ORDER_SHIPMENTS", transactional = true)
    void ship(String orderId) {
        long id = Long.parseLong(orderId);
        jdbc.update("INSERT INTO shipments (order_id) VALUES (?)", id);
        jdbc.update("UPDATE orders SET status = 'SHIPPED' WHERE order_id = ?", id);
        LOG.info("order {}: shipped", id);
    }
}
