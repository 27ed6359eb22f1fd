package io.pgmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.pgmq.test.PgmqTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A Consumer with a transactional batch handler: one locked claim per handler call, its writes committed with it. */
@PgmqTest
@Timeout(60)
class TransactionalBatchConsumerTest {

    private static final Duration DEADLINE = Duration.ofSeconds(15);

    private final DataSource dataSource;
    private final TestChannels channels;
    private final List<Consumer<?>> started = new ArrayList<>();

    TransactionalBatchConsumerTest(DataSource dataSource) {
        this.dataSource = dataSource;
        this.channels = new TestChannels(dataSource);
    }

    @AfterEach
    void closeConsumers() {
        started.forEach(Consumer::close);
    }

    @Test
    void batchHandler_getsWholeClaimsOldestFirst_writesOnceForEachMessage_andCompletesThemWithItsWrites() {
        TextChannel orders = channels.text("orders");
        channels.dsl().execute("create table batch_effects (msg_id bigint primary key, payload text)");
        List<Long> ids = orders.sendBatch(channels.dsl(), IntStream.range(0, 500).mapToObj(i -> "order " + i).toList());
        List<List<Long>> batches = new CopyOnWriteArrayList<>();

        started.add(Consumer.builder(orders, dataSource).batchSize(50).concurrency(1).pollInterval(Duration.ofMillis(50))
                .transactionalBatchHandler((tx, batch) -> {
                    batches.add(batch.stream().map(LockedDelivery::msgId).toList());
                    tx.execute("insert into batch_effects select * from unnest({0}::bigint[], {1}::text[])",
                            DSL.val(batch.stream().map(LockedDelivery::msgId).toArray(Long[]::new)),
                            DSL.val(batch.stream().map(LockedDelivery::payload).toArray(String[]::new)));
                })
                .start());

        await().atMost(DEADLINE).until(() -> channels.count(orders) == 0);
        assertThat(channels.dsl().fetchCount(DSL.table(DSL.name("batch_effects")))).isEqualTo(500);
        assertThat(batches).allSatisfy(batch -> assertThat(batch).hasSizeBetween(1, 50).isSorted());
        assertThat(batches.stream().flatMap(List::stream).toList()).as("one consumer: claimed in order, each once")
                .isEqualTo(ids);
    }

    @Test
    void throwingBatchHandler_hasItsWritesRolledBack_andEveryMessageFailsWithItsError_untilDeadLetters() {
        TextChannel jobs = channels.text("jobs");
        channels.dsl().execute("create table batch_undone (msg_id bigint)");
        channels.dsl().execute("select pg_mq_alter_channel({0}, in_max_attempts => 2,"
                + " in_backoff_base => interval '10 milliseconds', in_backoff_max => interval '20 milliseconds')",
                DSL.val(jobs.name()));
        List<Optional<String>> lastErrors = new CopyOnWriteArrayList<>();
        jobs.sendBatch(channels.dsl(), List.of("a", "b", "c"));

        started.add(Consumer.builder(jobs, dataSource).batchSize(10).concurrency(1).pollInterval(Duration.ofMillis(50))
                .transactionalBatchHandler((tx, batch) -> {
                    for (LockedDelivery<String> d : batch) {
                        lastErrors.add(d.lastError());
                        tx.execute("insert into batch_undone values ({0})", DSL.val(d.msgId()));
                    }
                    throw new IllegalStateException("broker away");
                }).start());

        await().atMost(DEADLINE).until(() -> jobs.deadLetters(channels.dsl(), 10).size() == 3);
        assertThat(jobs.deadLetters(channels.dsl(), 10)).allSatisfy(dead -> {
            assertThat(dead.attempts()).isEqualTo(2);
            assertThat(dead.lastError()).isEqualTo("java.lang.IllegalStateException: broker away");
        });
        assertThat(lastErrors).filteredOn(Optional::isPresent).hasSize(3);
        assertThat(channels.dsl().fetchCount(DSL.table(DSL.name("batch_undone")))).as("writes of failed batches")
                .isZero();
    }

    @Test
    void partialBatchFailure_keepsTheHandlersWrites_failsOnlyTheNamed_andCompletesTheOthers() {
        TextChannel jobs = channels.text("jobs");
        channels.dsl().execute("create table batch_kept (payload text)");
        channels.dsl().execute("select pg_mq_alter_channel({0}, in_max_attempts => 1)", DSL.val(jobs.name()));
        List<Long> ids = jobs.sendBatch(channels.dsl(), List.of("a", "bad", "c"));
        CountDownLatch handled = new CountDownLatch(1);

        started.add(Consumer.builder(jobs, dataSource).batchSize(10).concurrency(1).pollInterval(Duration.ofMillis(50))
                .transactionalBatchHandler((tx, batch) -> {
                    for (LockedDelivery<String> d : batch) {
                        if (!d.payload().equals("bad")) {
                            tx.execute("insert into batch_kept values ({0})", DSL.val(d.payload()));
                        }
                    }
                    handled.countDown();
                    // -1 is no message of the batch: ignored, and logged
                    throw new PartialBatchFailure(Map.of(ids.get(1), new IllegalArgumentException("bad payload"),
                            -1L, new IllegalArgumentException("not ours")));
                }).start());

        await().atMost(DEADLINE).until(() -> !jobs.deadLetters(channels.dsl(), 10).isEmpty());
        assertThat(jobs.deadLetters(channels.dsl(), 10)).singleElement().satisfies(dead -> {
            assertThat(dead.msgId()).isEqualTo(ids.get(1));
            assertThat(dead.lastError()).isEqualTo("java.lang.IllegalArgumentException: bad payload");
        });
        await().atMost(DEADLINE).until(() -> channels.count(jobs) == 1);  // the dead letter alone
        assertThat(channels.dsl().fetch("select payload from batch_kept order by payload").getValues(0, String.class))
                .containsExactly("a", "c");
    }

    @Test
    void close_pastTheDeadline_rollsTheBatchBackAndItsMessagesAreReadyWithTheSameAttempt() throws Exception {
        TextChannel jobs = channels.text("jobs");
        CountDownLatch running = new CountDownLatch(1);
        Consumer<String> consumer = Consumer.builder(jobs, dataSource).shutdownDeadline(Duration.ofMillis(200))
                .pollInterval(Duration.ofMillis(50))
                .transactionalBatchHandler((tx, batch) -> {
                    running.countDown();
                    new CountDownLatch(1).await(30, TimeUnit.SECONDS);
                }).start();
        List<Long> ids = jobs.sendBatch(channels.dsl(), List.of("stuck", "too"));
        assertThat(running.await(15, TimeUnit.SECONDS)).isTrue();

        consumer.close();

        await().atMost(DEADLINE).until(() -> channels.dsl().transactionResult(tx ->
                jobs.claimLocked(tx.dsl(), 10)).size() == 2);
        List<LockedDelivery<String>> again = channels.dsl().transactionResult(tx -> jobs.claimLocked(tx.dsl(), 10));
        assertThat(again).extracting(LockedDelivery::msgId).containsExactlyElementsOf(ids);
        assertThat(again).allSatisfy(d -> assertThat(d.attempt()).as("a rolled-back round counts no attempt")
                .isEqualTo(1));
    }

    @Test
    void claimAhead_claimsTheNextBatchWhileTheHandlerRuns_andHandlesBatchesInClaimOrder() {
        TextChannel jobs = channels.text("jobs");
        List<Long> ids = jobs.sendBatch(channels.dsl(), IntStream.range(0, 30).mapToObj(i -> "job " + i).toList());
        List<List<Long>> batches = new CopyOnWriteArrayList<>();
        AtomicBoolean sawAhead = new AtomicBoolean();

        started.add(Consumer.builder(jobs, dataSource).batchSize(10).concurrency(1).claimAhead(1)
                .pollInterval(Duration.ofMillis(50))
                .transactionalBatchHandler((tx, batch) -> {
                    if (batches.isEmpty()) {  // the first batch waits until the next one is claimed and waits too
                        await().atMost(DEADLINE).until(() -> claimsWaiting() >= 1);
                        sawAhead.set(true);
                    }
                    batches.add(batch.stream().map(LockedDelivery::msgId).toList());
                }).start());

        await().atMost(DEADLINE).until(() -> channels.count(jobs) == 0);
        assertThat(sawAhead).isTrue();
        assertThat(batches).hasSizeGreaterThanOrEqualTo(3);
        assertThat(batches.stream().flatMap(List::stream).toList()).as("handled once each, in claim order")
                .isEqualTo(ids);
    }

    @Test
    void close_rollsBackARoundClaimedAhead_andItsMessagesAreReadyWithTheSameAttempt() throws Exception {
        TextChannel jobs = channels.text("jobs");
        CountDownLatch running = new CountDownLatch(1);
        List<Long> ids = jobs.sendBatch(channels.dsl(), List.of("first", "ahead"));
        Consumer<String> consumer = Consumer.builder(jobs, dataSource).batchSize(1).concurrency(1).claimAhead(1)
                .shutdownDeadline(Duration.ofMillis(500)).pollInterval(Duration.ofMillis(50))
                .transactionalBatchHandler((tx, batch) -> {
                    running.countDown();
                    new CountDownLatch(1).await(30, TimeUnit.SECONDS);
                }).start();
        assertThat(running.await(15, TimeUnit.SECONDS)).isTrue();
        await().atMost(DEADLINE).until(() -> claimsWaiting() >= 1);

        consumer.close();

        await().atMost(DEADLINE).until(() -> channels.dsl().transactionResult(tx ->
                jobs.claimLocked(tx.dsl(), 10)).size() == 2);
        List<LockedDelivery<String>> again = channels.dsl().transactionResult(tx -> jobs.claimLocked(tx.dsl(), 10));
        assertThat(again).extracting(LockedDelivery::msgId).containsExactlyElementsOf(ids);
        assertThat(again).allSatisfy(d -> assertThat(d.attempt()).isEqualTo(1));
    }

    @Test
    void builder_refusesABatchHandlerBesideAnother() {
        TextChannel jobs = TextChannel.of("jobs");
        assertThatThrownBy(() -> Consumer.builder(jobs, dataSource).handler(d -> { })
                .transactionalBatchHandler((tx, batch) -> { }).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("set exactly one of handler, batchHandler, transactionalHandler and"
                        + " transactionalBatchHandler, got 2");
    }

    /**
     * Sessions that hold a locked claim and wait, their last statement the claim: rounds claimed ahead (a running
     * handler's session ran a savepoint after its claim). Read from pg_stat_activity, which takes no row lock.
     */
    private int claimsWaiting() {
        return channels.dsl().fetchOne("select count(*) from pg_stat_activity where state = 'idle in transaction'"
                + " and query ilike '%skip locked%'").get(0, Integer.class);
    }
}
