package io.pgmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.pgmq.test.PgmqTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Consumer.Builder#claimAhead}: the next unit claimed while the handlers work, leased while it waits. */
@PgmqTest
@Timeout(60)
class ClaimAheadTest {

    private static final Duration DEADLINE = Duration.ofSeconds(15);

    private final DataSource dataSource;
    private final TestChannels channels;
    private final List<Consumer<?>> started = new ArrayList<>();

    ClaimAheadTest(DataSource dataSource) {
        this.dataSource = dataSource;
        this.channels = new TestChannels(dataSource);
    }

    @AfterEach
    void closeConsumers() {
        started.forEach(Consumer::close);
    }

    @Test
    void oneHandler_claimsTheNextBatchWhileItWorks_andHandlesBatchesInTheOrderClaimed() throws Exception {
        TextChannel jobs = channels.text("jobs");
        jobs.sendBatch(channels.dsl(), IntStream.range(0, 9).mapToObj(i -> "m" + i).toList());
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountDownLatch finishFirst = new CountDownLatch(1);
        List<List<String>> handled = new CopyOnWriteArrayList<>();
        started.add(Consumer.builder(jobs, dataSource).concurrency(1).claimAhead(1).batchSize(3)
                .pollInterval(Duration.ofMillis(50)).batchHandler(batch -> {
                    if (handled.isEmpty()) {
                        firstRunning.countDown();
                        assertThat(finishFirst.await(30, TimeUnit.SECONDS)).isTrue();
                    }
                    handled.add(batch.stream().map(Delivery::payload).toList());
                }).start());
        assertThat(firstRunning.await(15, TimeUnit.SECONDS)).isTrue();

        await().atMost(DEADLINE).until(() -> leased(jobs) == 6);  // the running batch and the one claimed ahead
        assertThat(leased(jobs)).as("no more than one unit ahead").isEqualTo(6);
        finishFirst.countDown();

        await().atMost(DEADLINE).until(() -> handled.size() == 3);
        assertThat(handled).containsExactly(List.of("m0", "m1", "m2"), List.of("m3", "m4", "m5"),
                List.of("m6", "m7", "m8"));
        await().atMost(DEADLINE).until(() -> channels.count(jobs) == 0);
    }

    @Test
    void unitClaimedAhead_keepsItsLeaseWhileItWaits_andIsHandledOnce() throws Exception {
        TextChannel jobs = channels.text("jobs");
        jobs.sendBatch(channels.dsl(), List.of("slow", "waiting"));
        CountDownLatch slowRunning = new CountDownLatch(1);
        List<String> handled = new CopyOnWriteArrayList<>();
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        started.add(Consumer.builder(jobs, dataSource).concurrency(1).claimAhead(1).batchSize(1)
                .lease(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50)).handler(d -> {
                    handled.add(d.payload());
                    attempts.add(d.attempt());
                    if (d.payload().equals("slow")) {
                        slowRunning.countDown();
                        TimeUnit.MILLISECONDS.sleep(2_500);  // the work itself: 2.5 leases
                    }
                }).start());
        assertThat(slowRunning.await(15, TimeUnit.SECONDS)).isTrue();
        await().atMost(DEADLINE).until(() -> leased(jobs) == 2);
        java.time.OffsetDateTime claimedUntil = leaseEnd(jobs, "waiting");

        // extended at half a lease, while the slow handler still runs (it runs 2.5 s)
        await().atMost(Duration.ofMillis(2_000)).until(() -> leaseEnd(jobs, "waiting").isAfter(claimedUntil));
        assertThat(handled).containsExactly("slow");
        await().atMost(DEADLINE).until(() -> channels.count(jobs) == 0);
        assertThat(handled).containsExactly("slow", "waiting");
        assertThat(attempts).containsExactly(1, 1);
    }

    @Test
    void close_releasesTheUnitClaimedAhead_claimableAtOnce() throws Exception {
        TextChannel jobs = channels.text("jobs");
        jobs.sendBatch(channels.dsl(), List.of("running", "ahead"));
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        Consumer<String> consumer = Consumer.builder(jobs, dataSource).concurrency(1).claimAhead(1).batchSize(1)
                .pollInterval(Duration.ofMillis(50)).handler(d -> {
                    running.countDown();
                    assertThat(finish.await(30, TimeUnit.SECONDS)).isTrue();
                }).start();
        assertThat(running.await(15, TimeUnit.SECONDS)).isTrue();
        await().atMost(DEADLINE).until(() -> leased(jobs) == 2);

        Thread closer = new Thread(consumer::close, "test-closer");
        closer.start();
        await().atMost(DEADLINE).until(() -> leased(jobs) == 1);  // released before close waits for the handler
        finish.countDown();
        closer.join(TimeUnit.SECONDS.toMillis(15));

        assertThat(closer.isAlive()).isFalse();
        assertThat(jobs.claim(channels.dsl(), 10, Duration.ofMinutes(1)))
                .extracting(Delivery::payload, Delivery::attempt)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("ahead", 1));
    }

    @Test
    void builder_refusesClaimAheadOutOfRange() {
        TextChannel jobs = TextChannel.of("jobs");
        assertThatThrownBy(() -> Consumer.builder(jobs, dataSource).handler(d -> { }).claimAhead(-1).start())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("claimAhead must be 0..1000, was -1");
        assertThatThrownBy(() -> Consumer.builder(jobs, dataSource).transactionalHandler((tx, d) -> { })
                .claimAhead(1001).start())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("claimAhead must be 0..1000, was 1001");
    }

    /** When the lease of the message with {@code payload} ends. */
    private java.time.OffsetDateTime leaseEnd(Channel<?> channel, String payload) {
        return channels.dsl().select(DSL.field(DSL.name("visible_at"), java.time.OffsetDateTime.class))
                .from(DSL.table(DSL.name(channel.schema(), channel.tableName())))
                .where(DSL.field(DSL.name("payload"), String.class).eq(payload))
                .fetchOne(0, java.time.OffsetDateTime.class);
    }

    /** Claimed and not acked. */
    private long leased(Channel<?> channel) {
        return channels.dsl().fetchCount(DSL.table(DSL.name(channel.schema(), channel.tableName())),
                DSL.condition("lease_token is not null"));
    }
}
