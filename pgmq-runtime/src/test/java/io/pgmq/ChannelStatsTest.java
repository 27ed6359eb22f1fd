package io.pgmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pgmq.micrometer.PgmqMetrics;
import io.pgmq.test.PgmqTest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@PgmqTest
@Timeout(60)
class ChannelStatsTest {

    private static final Duration LEASE = Duration.ofMinutes(5);

    private final DataSource dataSource;
    private final TestChannels channels;

    ChannelStatsTest(DataSource dataSource) {
        this.dataSource = dataSource;
        this.channels = new TestChannels(dataSource);
    }

    @Test
    void statsView_reportsEachStateOfAChannel() {
        TextChannel jobs = setUp();

        Record row = channels.dsl().fetchSingle("select * from pg_mq_channel_stats where channel = {0}",
                DSL.val(jobs.name()));

        assertThat(row.get("payload_type", String.class)).isEqualTo("text");
        assertThat(row.get("ready", Long.class)).isEqualTo(2);
        assertThat(row.get("leased", Long.class)).isEqualTo(1);
        assertThat(row.get("delayed", Long.class)).isEqualTo(1);
        assertThat(row.get("dead", Long.class)).isEqualTo(1);
        assertThat(row.get("done", Long.class)).isEqualTo(1);
        assertThat(channels.dsl().fetchValue("select extract(epoch from oldest_ready_age) from pg_mq_channel_stats"
                + " where channel = {0}", DSL.val(jobs.name())))
                .satisfies(age -> assertThat(((Number) age).doubleValue()).isBetween(600.0, 900.0));
        assertThat(row.get("table_bytes", Long.class)).isPositive();
        assertThat(row.get("dead_tuples", Long.class)).isNotNull();
    }

    @Test
    void meterBinder_reportsTheViewsNumbersAndConsumerCounters() {
        TextChannel jobs = setUp();
        TextChannel work = channels.text("work");
        MeterRegistry registry = new SimpleMeterRegistry();

        try (Consumer<String> consumer = Consumer.builder(work, dataSource).handler(d -> { }).start()) {
            // timers record from binding on: bind first, then send
            PgmqMetrics.of(dataSource, List.of(jobs), List.of(consumer), Duration.ZERO).bindTo(registry);
            work.sendBatch(channels.dsl(), List.of("a", "b", "c"));
            await().atMost(Duration.ofSeconds(15)).until(() -> registry.get("pgmq.consumer.messages")
                    .tags("channel", work.name(), "outcome", "acked").functionCounter().count() == 3);
        }

        assertThat(gauge(registry, jobs, "ready")).isEqualTo(2);
        assertThat(gauge(registry, jobs, "leased")).isEqualTo(1);
        assertThat(gauge(registry, jobs, "delayed")).isEqualTo(1);
        assertThat(gauge(registry, jobs, "dead")).isEqualTo(1);
        assertThat(gauge(registry, jobs, "done")).isEqualTo(1);
        assertThat(registry.get("pgmq.channel.oldest.ready.age").tags("channel", jobs.name()).timeGauge()
                .value(TimeUnit.SECONDS)).isBetween(600.0, 900.0);
        assertThat(registry.get("pgmq.channel.table.size").tags("channel", jobs.name()).gauge().value()).isPositive();
        assertThat(registry.get("pgmq.consumer.messages").tags("channel", work.name(), "outcome", "claimed")
                .functionCounter().count()).isEqualTo(3);
        assertThat(registry.get("pgmq.consumer.handler.duration").tags("channel", work.name(), "outcome", "success")
                .timer().count()).isEqualTo(3);
        assertThat(registry.get("pgmq.consumer.delivery.latency").tags("channel", work.name()).timer().count())
                .isEqualTo(3);
        assertThat(gauge(registry, work, "done")).as("acked messages are deleted").isZero();
        assertThat(gauge(registry, work, "ready") + gauge(registry, work, "leased")).isZero();
    }

    private static double gauge(MeterRegistry registry, Channel<?> channel, String state) {
        return registry.get("pgmq.channel.messages").tags("channel", channel.name(), "state", state).gauge().value();
    }

    /** A channel with 2 ready messages (the oldest sent 10 minutes ago), 1 leased, 1 delayed, 1 dead, 1 done. */
    private TextChannel setUp() {
        TextChannel jobs = channels.text("jobs");
        List<Long> ids = jobs.sendBatch(channels.dsl(), List.of("done", "leased", "dead", "ready 1", "ready 2"));
        jobs.send(channels.dsl(), "delayed", Duration.ofHours(1));
        jobs.receive(channels.dsl(), 1); // done: received at-most-once (an ack deletes, so it leaves nothing to count)
        jobs.claim(channels.dsl(), 1, LEASE);
        channels.dsl().execute("update {0} set dead_at = now(), last_error = 'boom' where msg_id = {1}",
                DSL.name(jobs.schema(), jobs.tableName()), DSL.val(ids.get(2)));
        channels.dsl().execute("update {0} set sent_at = now() - interval '10 minutes' where msg_id = {1}",
                DSL.name(jobs.schema(), jobs.tableName()), DSL.val(ids.get(3)));
        return jobs;
    }
}
