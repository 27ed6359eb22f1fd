package io.pgmq.example.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small shop on pgmq and Spring Boot: {@code POST /orders} ({@link OrderController}) writes the order and sends its
 * messages in one transaction ({@link OrderService}); {@link OrderListeners} handle them. Against a real server set
 * {@code spring.datasource.url}, {@code .username} and {@code .password}; for development,
 * {@code DevShopApplication} (src/test) runs it on an embedded PostgreSQL.
 */
@SpringBootApplication
public class ShopApplication {

    /** Starts the shop. */
    public static void main(String[] args) {
        SpringApplication.run(ShopApplication.class, args);
    }
}
