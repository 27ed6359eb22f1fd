package io.pgmq.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pgmq.spring.app.Channels;
import io.pgmq.spring.app.TestApp;
import io.pgmq.test.PgmqDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

@Timeout(60)
class GracefulShutdownTest {

    static final CountDownLatch STARTED = new CountDownLatch(1);
    static final CountDownLatch RELEASE = new CountDownLatch(1);

    /** Blocks until the test releases it, then writes with the application's data source. */
    static class Listener {

        @Autowired
        JdbcTemplate jdbc;

        @PgmqListener("slow")
        void on(String payload) throws InterruptedException {
            STARTED.countDown();
            if (!RELEASE.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
            jdbc.update("INSERT INTO audit_log (payload) VALUES (?)", payload);
        }
    }

    @Test
    void close_waitsForTheRunningHandler_thenAcksItsMessage() throws Exception {
        try (PgmqDatabase db = TestDatabase.create()) {
            ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApp.class, Listener.class)
                    .properties(TestDatabase.properties(db))
                    .properties("spring.lifecycle.timeout-per-shutdown-phase=20s")
                    .run();
            Channels.SLOW.send(context.getBean(DSLContext.class), "in flight");
            assertThat(STARTED.await(20, TimeUnit.SECONDS)).isTrue();

            Thread closer = new Thread(context::close, "test-close");
            closer.start();
            // the consumer is closing (its shutdown thread exists) while the handler still runs
            await().atMost(Duration.ofSeconds(10)).until(() -> Thread.getAllStackTraces().keySet().stream()
                    .anyMatch(t -> t.getName().equals("pgmq-shutdown-slow")));
            assertThat(closer.isAlive()).isTrue();
            RELEASE.countDown();
            closer.join(TimeUnit.SECONDS.toMillis(30));

            assertThat(closer.isAlive()).isFalse();
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                assertThat(count(s, "SELECT count(*) FROM audit_log WHERE payload = 'in flight'")).isOne();
                assertThat(count(s, "SELECT count(*) FROM pg_mq_queue_slow WHERE NOT was_delivered")).isZero();
            }
        }
    }

    private static long count(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
