package io.pgmq.example.spring;

import org.springframework.boot.SpringApplication;

/**
 * Runs the shop on an embedded PostgreSQL, for development (Boot's test-run pattern):
 * {@code ./mvnw -pl example-spring-app -am test-compile spring-boot:test-run}.
 */
public final class DevShopApplication {

    private DevShopApplication() {
    }

    /** Starts the shop with {@link DevDatabase}. */
    public static void main(String[] args) {
        SpringApplication.from(ShopApplication::main).with(DevDatabase.class).run(args);
    }
}
