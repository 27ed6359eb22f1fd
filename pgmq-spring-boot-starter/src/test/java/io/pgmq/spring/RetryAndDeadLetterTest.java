package io.pgmq.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pgmq.DeadLetter;
import io.pgmq.Delivery;
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
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(classes = {TestApp.class, RetryAndDeadLetterTest.Listener.class})
@DirtiesContext
@Timeout(60)
class RetryAndDeadLetterTest {

    static final PgmqDatabase DB = TestDatabase.create();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry, DB);
    }

    /** Always throws; records each attempt. */
    static class Listener {

        final List<Integer> attempts = new CopyOnWriteArrayList<>();

        @PgmqListener(value = "failing", pollInterval = "100ms")
        void on(Delivery<String> delivery) {
            attempts.add(delivery.attempt());
            throw new IllegalStateException("cannot handle " + delivery.payload());
        }
    }

    @Autowired
    DSLContext dsl;
    @Autowired
    Listener listener;

    @Test
    void throwingListener_isRetriedThenDeadLettered_perTheChannelsPolicy() {
        Channels.FAILING.send(dsl, "poison");

        await().atMost(Duration.ofSeconds(30)).until(() -> !Channels.FAILING.deadLetters(dsl, 10).isEmpty());
        List<DeadLetter> dead = Channels.FAILING.deadLetters(dsl, 10);

        assertThat(dead).singleElement().satisfies(d -> {
            assertThat(d.attempts()).isEqualTo(2);  // max_attempts 2 in the channel's migration
            assertThat(d.lastError()).contains("cannot handle poison");
        });
        assertThat(listener.attempts).containsExactly(1, 2);
    }
}
