package io.pgmq.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pgmq.spring.app.TestApp;
import io.pgmq.test.PgmqDatabase;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(classes = TestApp.class, properties = "pgmq.health.max-oldest-ready-age=500ms")
@DirtiesContext
@Timeout(60)
class HealthThresholdTest {

    static final PgmqDatabase DB = TestDatabase.create();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry, DB);
    }

    @Autowired
    PgmqHealthIndicator health;

    @Test
    void health_isOutOfServiceByDefault_onceTheOldestReadyMessageIsOlderThanTheThreshold() {
        // batch_orders has five messages from the migration and no consumer in this context
        await().atMost(Duration.ofSeconds(20)).until(() -> health.health(true).getStatus()
                .equals(Status.OUT_OF_SERVICE));

        Health health = this.health.health(true);
        assertThat(health.getDetails().get("batch_orders")).asString()
                .contains("more than pgmq.health.max-oldest-ready-age PT0.5S");
        assertThat(health.getDetails().get("sends")).asString().doesNotContain("problem");
    }
}
