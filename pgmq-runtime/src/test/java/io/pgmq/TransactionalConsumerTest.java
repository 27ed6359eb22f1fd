package io.pgmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.pgmq.test.PgmqTest;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A Consumer with a transactional handler: locked claims, the handler's writes committed with the completion. */
@PgmqTest
@Timeout(60)
class TransactionalConsumerTest {

    private static final Duration DEADLINE = Duration.ofSeconds(15);

    private final DataSource dataSource;
    private final TestChannels channels;
    private final List<Consumer<?>> started = new ArrayList<>();

    TransactionalConsumerTest(DataSource dataSource) {
        this.dataSource = dataSource;
        this.channels = new TestChannels(dataSource);
    }

    @AfterEach
    void closeConsumers() {
        started.forEach(Consumer::close);
    }

    @Test
    void transactionalHandler_writesOnceForEveryMessage_andCompletesThemInTheSameTransactions() {
        TextChannel orders = channels.text("orders");
        channels.dsl().execute("create table tx_effects (msg_id bigint primary key, payload text)");
        orders.sendBatch(channels.dsl(), IntStream.range(0, 500).mapToObj(i -> "order " + i).toList());

        started.add(Consumer.builder(orders, dataSource).batchSize(50).concurrency(3).pollInterval(Duration.ofMillis(50))
                .transactionalHandler((tx, d) -> tx.execute("insert into tx_effects values ({0}, {1})",
                        DSL.val(d.msgId()), DSL.val(d.payload())))
                .start());

        await().atMost(DEADLINE).until(() -> channels.count(orders) == 0);
        assertThat(channels.dsl().fetchCount(DSL.table(DSL.name("tx_effects")))).isEqualTo(500);
    }

    @Test
    void throwingTransactionalHandler_hasItsWritesRolledBack_isRetriedWithItsError_thenBecomesADeadLetter() {
        TextChannel jobs = channels.text("jobs");
        channels.dsl().execute("create table tx_partial (attempt int)");
        channels.dsl().execute("select pg_mq_alter_channel({0}, in_max_attempts => 3,"
                + " in_backoff_base => interval '10 milliseconds', in_backoff_max => interval '20 milliseconds')",
                DSL.val(jobs.name()));
        List<Optional<String>> lastErrors = new CopyOnWriteArrayList<>();
        started.add(Consumer.builder(jobs, dataSource).pollInterval(Duration.ofMillis(50))
                .transactionalHandler((tx, d) -> {
                    lastErrors.add(d.lastError());
                    tx.execute("insert into tx_partial values ({0})", DSL.val(d.attempt()));
                    throw new IllegalStateException("boom on attempt " + d.attempt());
                }).start());

        long id = jobs.send(channels.dsl(), "poison");

        await().atMost(DEADLINE).until(() -> !jobs.deadLetters(channels.dsl(), 10).isEmpty());
        assertThat(jobs.deadLetters(channels.dsl(), 10)).singleElement().satisfies(dead -> {
            assertThat(dead.msgId()).isEqualTo(id);
            assertThat(dead.attempts()).isEqualTo(3);
            assertThat(dead.lastError()).isEqualTo("java.lang.IllegalStateException: boom on attempt 3");
        });
        assertThat(lastErrors).containsExactly(Optional.empty(),
                Optional.of("java.lang.IllegalStateException: boom on attempt 1"),
                Optional.of("java.lang.IllegalStateException: boom on attempt 2"));
        assertThat(channels.dsl().fetchCount(DSL.table(DSL.name("tx_partial")))).as("writes of failed attempts")
                .isZero();
    }

    @Test
    void oneFailingMessage_doesNotUndoTheOthersOfItsBatch() {
        TextChannel jobs = channels.text("jobs");
        channels.dsl().execute("create table tx_batch (payload text)");
        channels.dsl().execute("select pg_mq_alter_channel({0}, in_max_attempts => 1)", DSL.val(jobs.name()));
        jobs.sendBatch(channels.dsl(), List.of("a", "bad", "c"));

        started.add(Consumer.builder(jobs, dataSource).batchSize(10).concurrency(1).pollInterval(Duration.ofMillis(50))
                .transactionalHandler((tx, d) -> {
                    tx.execute("insert into tx_batch values ({0})", DSL.val(d.payload()));
                    if (d.payload().equals("bad")) {
                        throw new IllegalArgumentException("bad payload");
                    }
                }).start());

        await().atMost(DEADLINE).until(() -> channels.count(jobs) == 1 && !jobs.deadLetters(channels.dsl(), 1).isEmpty());
        assertThat(channels.dsl().fetch("select payload from tx_batch order by payload").getValues(0, String.class))
                .containsExactly("a", "c");
    }

    @Test
    void notifiedTransactionalConsumer_handlesAMessageWithoutWaitingForThePollInterval() {
        TextChannel jobs = channels.text("jobs");
        CompletableFuture<String> handled = new CompletableFuture<>();
        started.add(Consumer.builder(jobs, dataSource).pollInterval(Duration.ofMinutes(1))
                .transactionalHandler((tx, d) -> handled.complete(d.payload())).start());
        channels.awaitListening(jobs);

        jobs.send(channels.dsl(), "wake up");

        assertThat(handled).succeedsWithin(Duration.ofSeconds(5)).isEqualTo("wake up");
        await().atMost(DEADLINE).until(() -> channels.count(jobs) == 0);
    }

    @Test
    void close_pastTheDeadline_rollsTheRoundBackAndTheMessageIsReadyWithTheSameAttempt() throws Exception {
        TextChannel jobs = channels.text("jobs");
        CountDownLatch running = new CountDownLatch(1);
        Consumer<String> consumer = Consumer.builder(jobs, dataSource).shutdownDeadline(Duration.ofMillis(200))
                .pollInterval(Duration.ofMillis(50))
                .transactionalHandler((tx, d) -> {
                    running.countDown();
                    new CountDownLatch(1).await(30, TimeUnit.SECONDS);
                }).start();
        long id = jobs.send(channels.dsl(), "stuck");
        assertThat(running.await(15, TimeUnit.SECONDS)).isTrue();

        consumer.close();

        await().atMost(DEADLINE).until(() -> !channels.dsl().transactionResult(tx ->
                jobs.claimLocked(tx.dsl(), 1)).isEmpty());
        LockedDelivery<String> again = channels.dsl().transactionResult(tx -> jobs.claimLocked(tx.dsl(), 1).get(0));
        assertThat(again.msgId()).isEqualTo(id);
        assertThat(again.attempt()).isEqualTo(1);
        assertThat(again.lastError()).isEmpty();
    }

    @Test
    void transactionRunner_ownsEachRound_soItsOwnWritesCommitWithTheHandlersAndTheCompletions() {
        TextChannel orders = channels.text("orders");
        channels.dsl().execute("create table runner_effects (msg_id bigint primary key)");
        channels.dsl().execute("create table runner_commits (round int generated always as identity)");
        // a framework's runner: its own connection and transaction, its own write in it, then its commit
        TransactionRunner runner = round -> {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(false);
                round.run(connection);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("insert into runner_commits default values");
                }
                connection.commit();
            }
        };
        orders.sendBatch(channels.dsl(), IntStream.range(0, 20).mapToObj(i -> "order " + i).toList());

        started.add(Consumer.builder(orders, dataSource).batchSize(5).pollInterval(Duration.ofMillis(50))
                .transactionRunner(runner)
                .transactionalHandler((tx, d) -> tx.execute("insert into runner_effects values ({0})",
                        DSL.val(d.msgId())))
                .start());

        await().atMost(DEADLINE).until(() -> channels.count(orders) == 0);
        assertThat(channels.dsl().fetchCount(DSL.table(DSL.name("runner_effects")))).isEqualTo(20);
        assertThat(channels.dsl().fetchCount(DSL.table(DSL.name("runner_commits")))).as("rounds the runner committed")
                .isGreaterThanOrEqualTo(4);
    }

    @Test
    void transactionRunnerThatRollsBack_leavesTheMessageReadyAndItsWritesUndone() throws Exception {
        TextChannel jobs = channels.text("jobs");
        channels.dsl().execute("create table undone_effects (msg_id bigint)");
        AtomicInteger handled = new AtomicInteger();
        TransactionRunner rollingBack = round -> {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(false);
                round.run(connection);
                connection.rollback();  // the framework decided against this transaction
            }
        };
        long id = jobs.send(channels.dsl(), "undone");
        Consumer<String> consumer = Consumer.builder(jobs, dataSource).pollInterval(Duration.ofMillis(50))
                .transactionRunner(rollingBack)
                .transactionalHandler((tx, d) -> {
                    tx.execute("insert into undone_effects values ({0})", DSL.val(d.msgId()));
                    handled.incrementAndGet();
                })
                .start();

        await().atMost(DEADLINE).until(() -> handled.get() >= 3);
        consumer.close();

        assertThat(channels.dsl().fetchCount(DSL.table(DSL.name("undone_effects")))).isZero();
        LockedDelivery<String> again = channels.dsl().transactionResult(tx -> jobs.claimLocked(tx.dsl(), 1).get(0));
        assertThat(again.msgId()).isEqualTo(id);
        assertThat(again.attempt()).as("a rolled-back round counts no attempt").isEqualTo(1);
    }

    @Test
    void transactionRunner_withoutATransactionalHandler_isRefused() {
        TextChannel jobs = TextChannel.of("jobs");
        assertThatThrownBy(() -> Consumer.builder(jobs, dataSource).handler(d -> { })
                .transactionRunner(round -> { }).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("a transactionRunner runs the rounds of a transactionalHandler");
    }
}
