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
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

@SpringBootTest(classes = {TestApp.class, SendInTransactionTest.Listener.class})
@DirtiesContext
@Timeout(60)
class SendInTransactionTest {

    static final PgmqDatabase DB = TestDatabase.create();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry, DB);
    }

    /** Records what the typed listener got. */
    static class Listener {

        final List<String> received = new CopyOnWriteArrayList<>();

        @PgmqListener("SENDS")
        void on(String payload) {
            received.add(payload);
        }
    }

    @Autowired
    DSLContext dsl;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    Listener listener;

    @Test
    void rolledBackSend_onBootsDslContext_leavesNothing() {
        transactions.executeWithoutResult(status -> {
            Channels.IDLE.send(dsl, "rolled back on jOOQ");
            status.setRollbackOnly();
        });

        assertThat(idleMessages()).isZero();
    }

    @Test
    void rolledBackSend_onJdbcTemplateConnection_leavesNothing() {
        transactions.executeWithoutResult(status -> {
            jdbc.execute((ConnectionCallback<Long>) c -> Channels.IDLE.send(c, "rolled back on JDBC"));
            status.setRollbackOnly();
        });

        assertThat(idleMessages()).isZero();
    }

    @Test
    void sendAndWrite_rollBackTogether_whenTheTransactionThrows() {
        try {
            transactions.executeWithoutResult(status -> {
                jdbc.update("CREATE TABLE IF NOT EXISTS orders_t (id int)");
                jdbc.update("INSERT INTO orders_t VALUES (1)");
                Channels.IDLE.send(dsl, "with the order");
                throw new IllegalStateException("payment declined");
            });
        } catch (IllegalStateException expected) {
            // the transaction rolled back
        }

        assertThat(idleMessages()).isZero();
    }

    @Test
    void committedSends_onBothEntryPoints_areHandledByTheTypedListener() {
        transactions.executeWithoutResult(status -> {
            Channels.SENDS.send(dsl, "committed on jOOQ");
            jdbc.execute((ConnectionCallback<Long>) c -> Channels.SENDS.send(c, "committed on JDBC"));
        });

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(listener.received).contains("committed on jOOQ", "committed on JDBC"));
    }

    private long idleMessages() {
        return jdbc.queryForObject("SELECT count(*) FROM pg_mq_queue_idle", Long.class);
    }
}
