package io.pgmq.spring;

import io.pgmq.test.PgmqDatabase;
import java.util.Map;
import org.springframework.test.context.DynamicPropertyRegistry;

/** A fresh, empty database per test class on pgmq-test's shared server; Boot's Flyway migrates it. */
final class TestDatabase {

    private TestDatabase() {
    }

    /** A fresh database with an empty {@code public} schema. */
    static PgmqDatabase create() {
        return PgmqDatabase.create("public");
    }

    /** Points Boot's data source at {@code db}. */
    static void register(DynamicPropertyRegistry registry, PgmqDatabase db) {
        properties(db).forEach((k, v) -> registry.add(k, () -> v));
    }

    /** The {@code spring.datasource.*} properties of {@code db}. */
    static Map<String, Object> properties(PgmqDatabase db) {
        return Map.of("spring.datasource.url", db.jdbcUrl(), "spring.datasource.username", db.user(),
                "spring.datasource.password", db.password());
    }
}
