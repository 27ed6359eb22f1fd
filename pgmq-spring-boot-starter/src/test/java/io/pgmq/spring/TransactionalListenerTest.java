package io.pgmq.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pgmq.spring.app.Channels;
import io.pgmq.spring.app.TestApp;
import io.pgmq.test.PgmqDatabase;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionSynchronizationManager;

@SpringBootTest(classes = {TestApp.class, TransactionalListenerTest.Listener.class},
        properties = "pgmq.consumers.audit.poll-interval=200ms")
@DirtiesContext
@Timeout(60)
class TransactionalListenerTest {

    static final PgmqDatabase DB = TestDatabase.create();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry, DB);
    }

    /** Writes each payload with JdbcTemplate, then throws for those that start with "fail". */
    static class Listener {

        final List<String> attempts = new CopyOnWriteArrayList<>();
        final List<Boolean> inTransaction = new CopyOnWriteArrayList<>();
        @Autowired
        JdbcTemplate jdbc;

        @PgmqListener(value = "audit", transactional = true)
        void on(String payload) {
            inTransaction.add(TransactionSynchronizationManager.isActualTransactionActive());
            attempts.add(payload);
            jdbc.update("INSERT INTO audit_log (payload) VALUES (?)", payload);
            if (payload.startsWith("fail")) {
                throw new IllegalStateException("refused " + payload);
            }
        }
    }

    @Autowired
    DSLContext dsl;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Listener listener;

    @Test
    void handledMessage_writeAndCompletionCommitTogether() {
        Channels.AUDIT.send(dsl, "ok-1");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(jdbc.queryForList("SELECT payload FROM audit_log", String.class)).contains("ok-1");
            assertThat(openMessages("ok-1")).isZero();
        });
        assertThat(listener.inTransaction).doesNotContain(false);
    }

    @Test
    void throwingHandler_writeRollsBack_andTheMessageIsFailedNotCompleted() {
        Channels.AUDIT.send(dsl, "fail-1");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(jdbc.queryForObject("SELECT count(*) FROM pg_mq_queue_audit WHERE payload = 'fail-1'"
                        + " AND last_error LIKE '%refused fail-1%'", Long.class)).isOne());
        assertThat(listener.attempts).contains("fail-1");
        assertThat(jdbc.queryForList("SELECT payload FROM audit_log", String.class)).doesNotContain("fail-1");
        assertThat(openMessages("fail-1")).isOne();
    }

    private long openMessages(String payload) {
        return jdbc.queryForObject("SELECT count(*) FROM pg_mq_queue_audit WHERE payload = ? AND NOT was_delivered"
                + " AND dead_at IS NULL", Long.class, payload);
    }
}
