package io.pgmq.example.spring;

import java.net.URI;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /orders} places an order; {@code GET /orders/{id}} shows what the listeners did with it. */
@RestController
class OrderController {

    private final OrderService orders;
    private final JdbcTemplate jdbc;

    OrderController(OrderService orders, JdbcTemplate jdbc) {
        this.orders = orders;
        this.jdbc = jdbc;
    }

    @PostMapping("/orders")
    ResponseEntity<Map<String, Object>> place(@RequestBody OrderService.NewOrder order) {
        long id = orders.place(order);
        return ResponseEntity.created(URI.create("/orders/" + id)).body(Map.of("orderId", id));
    }

    @GetMapping("/orders/{id}")
    Map<String, Object> show(@PathVariable("id") long id) {
        return jdbc.queryForMap("SELECT o.order_id, o.status, (SELECT count(*) FROM sent_emails e"
                + " WHERE e.order_id = o.order_id) AS emails_sent FROM orders o WHERE o.order_id = ?", id);
    }
}
