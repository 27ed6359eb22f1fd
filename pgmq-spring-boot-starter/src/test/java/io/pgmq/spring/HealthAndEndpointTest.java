package io.pgmq.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.pgmq.Delivery;
import io.pgmq.TextChannel;
import io.pgmq.spring.app.Channels;
import io.pgmq.spring.app.TestApp;
import io.pgmq.test.PgmqDatabase;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

@SpringBootTest(classes = TestApp.class, properties = {
        "pgmq.health.max-oldest-ready-age=1h",
        "pgmq.health.max-dead-letters=0",
        "pgmq.health.status=down",
        "management.endpoints.web.exposure.include=health,pgmq"})
@DirtiesContext
@Timeout(60)
class HealthAndEndpointTest {

    static final PgmqDatabase DB = TestDatabase.create();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry, DB);
    }

    @Autowired
    PgmqHealthIndicator health;
    @Autowired
    PgmqEndpoint endpoint;
    @Autowired
    MeterRegistry meters;
    @Autowired
    DSLContext dsl;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    DataSource dataSource;

    @Test
    void health_isUp_whileNoChannelIsPastAThreshold_thenDown_onceOneHasADeadLetter() {
        assertThat(health.health(true).getStatus()).isEqualTo(Status.UP);

        // one attempt, nacked: FAILING allows two, so fail it twice to make a dead letter
        Channels.FAILING.send(dsl, "poison");
        for (int attempt = 1; attempt <= 2; attempt++) {
            await().atMost(Duration.ofSeconds(10)).until(() -> transactions.execute(s -> {
                List<Delivery<String>> claimed = Channels.FAILING.claim(dsl, 1, Duration.ofSeconds(30));
                claimed.forEach(d -> Channels.FAILING.nack(dsl, d, "broken", Duration.ZERO));
                return !claimed.isEmpty();
            }));
        }

        Health down = health.health(true);
        assertThat(down.getStatus()).isEqualTo(Status.DOWN);
        assertThat(down.getDetails().get("failing")).asString().contains("1 dead letters, more than"
                + " pgmq.health.max-dead-letters 0");
    }

    @Test
    void health_isDown_whenASchemaHasNoPgmq() {
        PgmqChannels elsewhere = new PgmqChannels("public", List.of(TextChannel.of("no_pgmq_here", "orders")));
        PgmqHealthIndicator indicator = new PgmqHealthIndicator(new StatsReader(dataSource, elsewhere), elsewhere,
                new PgmqProperties.Health());

        Health down = indicator.health(true);

        assertThat(down.getStatus()).isEqualTo(Status.DOWN);
        assertThat(down.getDetails()).containsEntry("schema no_pgmq_here",
                "pgmq is not installed: its migrations did not run here");
    }

    @Test
    void endpoint_listsTheChannelsWithTheirStats() {
        Channels.IDLE.send(dsl, "waiting");

        PgmqEndpoint.ChannelsReport report = endpoint.channels();

        assertThat(report.channels()).extracting(PgmqEndpoint.ChannelReport::name)
                .contains("sends", "idle", "documents", "batch_orders");
        assertThat(report.channels()).filteredOn(c -> c.name().equals("idle")).singleElement()
                .satisfies(c -> {
                    assertThat(c.exists()).isTrue();
                    assertThat(c.payloadType()).isEqualTo("text");
                    assertThat(c.ready()).isEqualTo(1L);
                    assertThat(c.consumed()).isFalse();
                });
    }

    @Test
    void metrics_areBoundToTheMeterRegistry() {
        assertThat(meters.find("pgmq.channel.messages").tags("channel", "batch_orders", "state", "ready")
                .gauge()).isNotNull().satisfies(g -> assertThat(g.value()).isEqualTo(5.0));
    }
}
