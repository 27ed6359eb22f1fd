package io.pgmq.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pgmq.spring.app.Channels;
import io.pgmq.spring.app.OrderPlaced;
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
import org.springframework.transaction.support.TransactionTemplate;

@SpringBootTest(classes = {TestApp.class, JsonListenerTest.Listener.class})
@DirtiesContext
@Timeout(60)
class JsonListenerTest {

    static final PgmqDatabase DB = TestDatabase.create();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry, DB);
    }

    /** Takes the json channel's message type, and a delivery of it. */
    static class Listener {

        final List<OrderPlaced> events = new CopyOnWriteArrayList<>();

        @PgmqListener("ORDER_PLACED")
        void on(OrderPlaced event) {
            events.add(event);
        }
    }

    @Autowired
    DSLContext dsl;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    Listener listener;

    @Test
    void committedRecord_onAJsonChannel_reachesTheListenerTyped() {
        transactions.executeWithoutResult(status ->
                Channels.ORDER_PLACED.send(dsl, new OrderPlaced(42, "alice@example.com")));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(listener.events).containsExactly(new OrderPlaced(42, "alice@example.com")));
    }

    @Test
    void jsonChannelClass_readsAsItsMessageType() {
        assertThat(PgmqChannels.javaType(Channels.ORDER_PLACED)).isEqualTo(OrderPlaced.class);
    }
}
