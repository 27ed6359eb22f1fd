package io.pgmq.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmq.spring.app.TestApp;
import io.pgmq.test.PgmqDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(classes = {TestApp.class, ConsumersDisabledTest.Listener.class},
        properties = "pgmq.consumers.enabled=false")
@DirtiesContext
@Timeout(60)
class ConsumersDisabledTest {

    static final PgmqDatabase DB = TestDatabase.create();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry, DB);
    }

    /** Would take the five seeded messages if its consumer ran. */
    static class Listener {
        @PgmqListener("batch_orders")
        void on(List<String> batch) {
            throw new AssertionError("a consumer ran with pgmq.consumers.enabled=false");
        }
    }

    @Autowired
    PgmqConsumers consumers;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void disabledConsumers_startNothing_andTheListenersChannelIsStillChecked() {
        assertThat(consumers.isRunning()).isTrue();
        assertThat(consumers.running()).isEmpty();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM pg_mq_queue_batch_orders WHERE lease_token IS NULL"
                + " AND NOT was_delivered", Long.class)).isEqualTo(5);
    }
}
