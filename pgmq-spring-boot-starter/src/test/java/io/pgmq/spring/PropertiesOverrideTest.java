package io.pgmq.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pgmq.spring.app.TestApp;
import io.pgmq.test.PgmqDatabase;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(classes = {TestApp.class, PropertiesOverrideTest.Listener.class},
        properties = "pgmq.consumers.batch_orders.batch-size=5")
@DirtiesContext
@Timeout(60)
class PropertiesOverrideTest {

    static final PgmqDatabase DB = TestDatabase.create();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry, DB);
    }

    /** Batches of one by its attribute; the property says five. */
    static class Listener {

        final List<List<String>> batches = new CopyOnWriteArrayList<>();

        @PgmqListener(value = "BATCH_ORDERS", batchSize = 1, concurrency = 1)
        void on(List<String> batch) {
            batches.add(batch);
        }
    }

    @Autowired
    Listener listener;

    @Test
    void batchSizeProperty_winsOverTheAttribute() {
        // the channel's migration sent five messages before the consumer started: its first claim takes the batch
        await().atMost(Duration.ofSeconds(20)).until(() -> !listener.batches.isEmpty());

        assertThat(listener.batches.get(0)).containsExactly("b1", "b2", "b3", "b4", "b5");
    }

    @Test
    void listenerSettings_layerPropertyOverAttributeOverDefault() throws NoSuchMethodException {
        PgmqListener annotation = Listener.class.getDeclaredMethod("on", List.class).getAnnotation(PgmqListener.class);
        PgmqProperties.Listener properties = new PgmqProperties.Listener();
        properties.setBatchSize(5);
        properties.setLease(Duration.ofMinutes(2));

        ListenerSettings settings = ListenerSettings.of(annotation, properties);

        assertThat(settings.batchSize()).contains(5);
        assertThat(settings.concurrency()).contains(1);
        assertThat(settings.lease()).contains(Duration.ofMinutes(2));
        assertThat(settings.pollInterval()).isEmpty();
        assertThat(settings.transactional()).isFalse();
    }
}
