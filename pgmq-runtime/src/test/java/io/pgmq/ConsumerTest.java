package io.pgmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.pgmq.test.PgmqTest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
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

@PgmqTest
@Timeout(60)
class ConsumerTest {

    private static final Duration DEADLINE = Duration.ofSeconds(15);

    private final DataSource dataSource;
    private final TestChannels channels;
    private final List<Consumer<?>> started = new ArrayList<>();

    ConsumerTest(DataSource dataSource) {
        this.dataSource = dataSource;
        this.channels = new TestChannels(dataSource);
    }

    @AfterEach
    void closeConsumers() {
        started.forEach(Consumer::close);
    }

    private <T> Consumer<T> track(Consumer<T> consumer) {
        started.add(consumer);
        return consumer;
    }

    @Test
    void notifiedConsumer_handlesMessageWithoutWaitingForThePollInterval() {
        TextChannel jobs = channels.text("jobs");
        Set<String> handled = ConcurrentHashMap.newKeySet();
        track(Consumer.builder(jobs, dataSource).pollInterval(Duration.ofMinutes(1))
                .handler(d -> handled.add(d.payload())).start());
        channels.awaitListening(jobs);

        jobs.send(channels.dsl(), "wake up");

        await().atMost(Duration.ofSeconds(5)).until(() -> handled.contains("wake up"));
        await().atMost(DEADLINE).until(() -> pending(jobs) == 0);
    }

    @Test
    void whenIdleChannel_idleConsumerRegistersItsListenSession_andIsWokenWithoutWaitingForThePollInterval() {
        TextChannel jobs = channels.text("jobs");
        setNotifyMode(jobs, "when_idle");
        Set<String> handled = ConcurrentHashMap.newKeySet();
        track(Consumer.builder(jobs, dataSource).pollInterval(Duration.ofMinutes(1))
                .handler(d -> handled.add(d.payload())).start());
        int listenPid = channels.awaitListening(jobs);
        await().atMost(DEADLINE).until(() -> idleBackends(jobs).equals(List.of(listenPid)));

        jobs.send(channels.dsl(), "wake up");

        await().atMost(Duration.ofSeconds(5)).until(() -> handled.contains("wake up"));
        await().atMost(DEADLINE).until(() -> pending(jobs) == 0);
    }

    @Test
    void whenIdleChannel_closedConsumer_leavesNoIdleRegistration() {
        TextChannel jobs = channels.text("jobs");
        setNotifyMode(jobs, "when_idle");
        Consumer<String> consumer = Consumer.builder(jobs, dataSource).pollInterval(Duration.ofMinutes(1))
                .handler(d -> { }).start();
        channels.awaitListening(jobs);
        await().atMost(DEADLINE).until(() -> idleBackends(jobs).size() == 1);

        consumer.close();

        assertThat(idleBackends(jobs)).isEmpty();
    }

    @Test
    void alwaysChannel_consumerNeverRegistersIdle() {
        TextChannel jobs = channels.text("jobs");
        Set<String> handled = ConcurrentHashMap.newKeySet();
        track(Consumer.builder(jobs, dataSource).pollInterval(Duration.ofMinutes(1))
                .handler(d -> handled.add(d.payload())).start());
        channels.awaitListening(jobs);
        jobs.send(channels.dsl(), "wake up");
        await().atMost(Duration.ofSeconds(5)).until(() -> handled.contains("wake up"));

        assertThat(idleBackends(jobs)).isEmpty();
    }

    @Test
    void neverChannel_listeningConsumer_stillHandlesMessagesByPolling() {
        TextChannel jobs = channels.text("jobs");
        setNotifyMode(jobs, "never");
        Set<String> handled = ConcurrentHashMap.newKeySet();
        track(Consumer.builder(jobs, dataSource).pollOnly(false).pollInterval(Duration.ofMillis(100))
                .handler(d -> handled.add(d.payload())).start());
        channels.awaitListening(jobs);

        jobs.sendBatch(channels.dsl(), IntStream.range(0, 5).mapToObj(i -> "job " + i).toList());

        await().atMost(DEADLINE).until(() -> handled.size() == 5);
        await().atMost(DEADLINE).until(() -> pending(jobs) == 0);
    }

    @Test
    void pollOnlyConsumer_withNotificationsOff_stillHandlesEveryMessage() {
        TextChannel jobs = channels.text("jobs");
        channels.dsl().execute("drop trigger pg_mq_notify on {0}", DSL.name(jobs.schema(), jobs.tableName()));
        Set<String> handled = ConcurrentHashMap.newKeySet();
        track(Consumer.builder(jobs, dataSource).pollOnly(true).pollInterval(Duration.ofMillis(50))
                .handler(d -> handled.add(d.payload())).start());

        jobs.sendBatch(channels.dsl(), IntStream.range(0, 25).mapToObj(i -> "job " + i).toList());

        await().atMost(DEADLINE).until(() -> handled.size() == 25);
        await().atMost(DEADLINE).until(() -> pending(jobs) == 0);
        assertThat(channels.listenBackends(jobs)).isEmpty();
    }

    @Test
    void killedListenAndWorkingBackends_consumerReconnectsAndHandlesEveryMessageOnce() {
        TextChannel jobs = channels.text("jobs");
        List<Long> handled = new CopyOnWriteArrayList<>();
        track(Consumer.builder(jobs, dataSource).pollInterval(Duration.ofMinutes(1)).concurrency(2)
                .handler(d -> handled.add(d.msgId())).start());
        int firstListener = channels.awaitListening(jobs);
        jobs.sendBatch(channels.dsl(), List.of("a", "b", "c"));
        await().atMost(DEADLINE).until(() -> handled.size() == 3);

        channels.dsl().execute("select pg_terminate_backend({0})", DSL.val(firstListener));
        await().atMost(DEADLINE).until(() -> channels.listenBackends(jobs).stream().anyMatch(pid -> pid != firstListener));
        jobs.sendBatch(channels.dsl(), List.of("d", "e", "f"));
        await().atMost(DEADLINE).until(() -> handled.size() == 6);

        // every other backend of this database: the new LISTEN connection and any claim, ack or extension in flight
        channels.dsl().execute("select pg_terminate_backend(pid) from pg_stat_activity"
                + " where datname = current_database() and pid <> pg_backend_pid()");
        jobs.sendBatch(channels.dsl(), List.of("g", "h", "i"));

        await().atMost(DEADLINE).until(() -> handled.size() >= 9 && pending(jobs) == 0);
        assertThat(handled).doesNotHaveDuplicates().hasSize(9);
    }

    @Test
    void throwingHandler_isRetriedWithItsErrorKept_thenBecomesADeadLetter() {
        TextChannel jobs = channels.text("jobs");
        channels.dsl().execute("select pg_mq_alter_channel({0}, in_max_attempts => 3,"
                + " in_backoff_base => interval '10 milliseconds', in_backoff_max => interval '20 milliseconds')",
                DSL.val(jobs.name()));
        List<Optional<String>> lastErrors = new CopyOnWriteArrayList<>();
        track(Consumer.builder(jobs, dataSource).pollInterval(Duration.ofMillis(50)).handler(d -> {
            lastErrors.add(d.lastError());
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
    }

    @Test
    void close_duringSlowHandler_waitsForItToFinishAndLeavesUnstartedMessagesClaimable() throws Exception {
        TextChannel jobs = channels.text("jobs");
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        Consumer<String> consumer = Consumer.builder(jobs, dataSource).concurrency(1).batchSize(5)
                .pollInterval(Duration.ofMillis(50)).handler(d -> {
                    calls.incrementAndGet();
                    running.countDown();
                    assertThat(finish.await(30, TimeUnit.SECONDS)).isTrue();
                }).start();
        long slow = jobs.send(channels.dsl(), "slow");
        assertThat(running.await(15, TimeUnit.SECONDS)).isTrue();
        jobs.sendBatch(channels.dsl(), List.of("later 1", "later 2"));

        Thread closer = new Thread(consumer::close, "test-closer");
        closer.start();
        await().atMost(DEADLINE).until(() -> closer.getState() == Thread.State.TIMED_WAITING);
        assertThat(closer.isAlive()).isTrue();
        finish.countDown();
        closer.join(TimeUnit.SECONDS.toMillis(15));

        assertThat(closer.isAlive()).isFalse();
        assertThat(calls).hasValue(1);
        assertThat(jobs.claim(channels.dsl(), 10, Duration.ofMinutes(1)))
                .extracting(Delivery::payload, Delivery::attempt)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("later 1", 1),
                        org.assertj.core.groups.Tuple.tuple("later 2", 1));
        assertThat(channels.dsl().fetchValue("select count(*) from {0} where msg_id = {1}",
                DSL.name(jobs.schema(), jobs.tableName()), DSL.val(slow))).as("the slow message, acked").isEqualTo(0L);
    }

    @Test
    void close_pastTheDeadline_interruptsTheHandlerAndReturns() {
        TextChannel jobs = channels.text("jobs");
        CountDownLatch running = new CountDownLatch(1);
        CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
        Consumer<String> consumer = Consumer.builder(jobs, dataSource).shutdownDeadline(Duration.ofMillis(200))
                .handler(d -> {
                    running.countDown();
                    try {
                        new CountDownLatch(1).await(30, TimeUnit.SECONDS);
                        interrupted.complete(false);
                    } catch (InterruptedException e) {
                        interrupted.complete(true);
                        throw e;
                    }
                }).start();
        jobs.send(channels.dsl(), "stuck");
        await().atMost(DEADLINE).until(() -> running.getCount() == 0);

        consumer.close();
        consumer.close();

        assertThat(interrupted).succeedsWithin(DEADLINE).isEqualTo(true);
        await().atMost(DEADLINE).until(() -> "java.lang.InterruptedException".equals(channels.dsl().fetchValue(
                "select last_error from {0}", DSL.name(jobs.schema(), jobs.tableName()))));
    }

    @Test
    void claimThatFoundMessages_isFollowedByAnotherWithoutWaitingForANotificationOrThePoll() throws Exception {
        TextChannel jobs = channels.text("jobs");
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountDownLatch firstMayReturn = new CountDownLatch(1);
        CompletableFuture<List<String>> secondBatch = new CompletableFuture<>();
        jobs.send(channels.dsl(), "first");
        // No LISTEN and a poll a minute away. The claim of "first" finds less than the batch size, so only the
        // follow-up claim, due 1 ms later and waiting for the one handler slot, can find "second" in time.
        track(Consumer.builder(jobs, dataSource).pollOnly(true).pollInterval(Duration.ofMinutes(1)).concurrency(1)
                .batchSize(10).batchHandler(batch -> {
                    List<String> payloads = batch.stream().map(Delivery::payload).toList();
                    if (payloads.contains("first")) {
                        firstRunning.countDown();
                        assertThat(firstMayReturn.await(30, TimeUnit.SECONDS)).isTrue();
                    } else {
                        secondBatch.complete(payloads);
                    }
                }).start());
        assertThat(firstRunning.await(15, TimeUnit.SECONDS)).isTrue();
        jobs.send(channels.dsl(), "second");

        firstMayReturn.countDown();

        assertThat(secondBatch).succeedsWithin(DEADLINE).isEqualTo(List.of("second"));
    }

    @Test
    void poolHandingOutConnectionsWithoutAutocommit_consumerStillCommitsItsClaimsAndAcks() {
        TextChannel jobs = channels.text("jobs");
        DataSource manualCommit = new ManualCommitDataSource(dataSource);
        Set<String> handled = ConcurrentHashMap.newKeySet();
        track(Consumer.builder(jobs, manualCommit).pollInterval(Duration.ofMillis(50))
                .handler(d -> handled.add(d.payload())).start());

        jobs.sendBatch(channels.dsl(), List.of("a", "b", "c"));

        await().atMost(DEADLINE).until(() -> handled.size() == 3);
        // acked means committed: another session sees every message done
        await().atMost(DEADLINE).until(() -> pending(jobs) == 0);
    }

    @Test
    void messagesHandledWhileAnAckRuns_areAckedTogetherInTheNextStatement() throws Exception {
        TextChannel jobs = channels.text("jobs");
        // acked rows stay (marked delivered), so their xmin tells which statement acked them
        channels.dsl().execute("select pg_mq_alter_channel({0}, in_keep_acked => true)", DSL.val(jobs.name()));
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountDownLatch firstMayReturn = new CountDownLatch(1);
        Consumer<String> consumer = track(Consumer.builder(jobs, dataSource).concurrency(4)
                .pollInterval(Duration.ofMillis(50)).handler(d -> {
                    if (d.payload().equals("first")) {
                        firstRunning.countDown();
                        assertThat(firstMayReturn.await(30, TimeUnit.SECONDS)).isTrue();
                    }
                }).start());
        long first = jobs.send(channels.dsl(), "first");
        assertThat(firstRunning.await(15, TimeUnit.SECONDS)).isTrue();

        try (Connection locker = lockRow(jobs, first)) {   // the first ack waits for this lock
            firstMayReturn.countDown();
            await().atMost(DEADLINE).until(() -> backendsWaitingForALock() == 1);
            List<Long> later = jobs.sendBatch(channels.dsl(), List.of("a", "b", "c"));
            await().atMost(DEADLINE).until(() -> consumer.acksWaiting() == 3);
            locker.rollback();

            await().atMost(DEADLINE).until(() -> pending(jobs) == 0);
            // rows updated by one statement share its transaction id
            assertThat(ackTransactions(jobs, later)).isEqualTo(1);
            assertThat(ackTransactions(jobs, List.of(first, later.get(0)))).isEqualTo(2);
        }
    }

    @Test
    void acksBlocked_handlerThreadsWaitOnceTheAckQueueIsFull_andNothingMoreIsClaimed() throws Exception {
        TextChannel jobs = channels.text("jobs");
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountDownLatch firstMayReturn = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        Consumer<String> consumer = track(Consumer.builder(jobs, dataSource).concurrency(1)
                .pollInterval(Duration.ofMillis(50)).handler(d -> {
                    calls.incrementAndGet();
                    if (d.payload().equals("first")) {
                        firstRunning.countDown();
                        assertThat(firstMayReturn.await(30, TimeUnit.SECONDS)).isTrue();
                    }
                }).start());
        long first = jobs.send(channels.dsl(), "first");
        assertThat(firstRunning.await(15, TimeUnit.SECONDS)).isTrue();

        try (Connection locker = lockRow(jobs, first)) {
            firstMayReturn.countDown();
            await().atMost(DEADLINE).until(() -> backendsWaitingForALock() == 1);
            jobs.sendBatch(channels.dsl(), IntStream.range(0, 10).mapToObj(i -> "job " + i).toList());

            // the ack thread runs "first"'s ack, one handled message fills the queue (capacity = concurrency), the
            // next one's handler thread waits for room and keeps its slot, so the claim thread has none
            await().atMost(DEADLINE).until(() -> consumer.acksWaiting() == 1 && calls.get() == 3
                    && handlerThreadsWaiting(jobs) == 1);
            assertThat(leased(jobs)).isEqualTo(3);
            assertThat(pending(jobs)).isEqualTo(11);
            locker.rollback();
        }

        await().atMost(DEADLINE).until(() -> pending(jobs) == 0);
        assertThat(calls).hasValue(11);
    }

    @Test
    void close_waitsForTheAcksOfHandledMessages() throws Exception {
        TextChannel jobs = channels.text("jobs");
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountDownLatch firstMayReturn = new CountDownLatch(1);
        Consumer<String> consumer = Consumer.builder(jobs, dataSource).concurrency(4)
                .pollInterval(Duration.ofMillis(50)).handler(d -> {
                    if (d.payload().equals("first")) {
                        firstRunning.countDown();
                        assertThat(firstMayReturn.await(30, TimeUnit.SECONDS)).isTrue();
                    }
                }).start();
        long first = jobs.send(channels.dsl(), "first");
        assertThat(firstRunning.await(15, TimeUnit.SECONDS)).isTrue();
        Thread closer = new Thread(consumer::close, "test-closer");

        try (Connection locker = lockRow(jobs, first)) {
            firstMayReturn.countDown();
            await().atMost(DEADLINE).until(() -> backendsWaitingForALock() == 1);
            jobs.sendBatch(channels.dsl(), List.of("a", "b"));
            await().atMost(DEADLINE).until(() -> consumer.acksWaiting() == 2);
            closer.start();
            await().atMost(DEADLINE).until(() -> closer.getState() == Thread.State.TIMED_WAITING);
            assertThat(closer.isAlive()).isTrue();
            locker.rollback();
        }
        closer.join(TimeUnit.SECONDS.toMillis(15));

        assertThat(closer.isAlive()).isFalse();
        assertThat(pending(jobs)).isZero();
    }

    @Test
    void batchHandler_getsMessagesTogether_andAcksThemAll() {
        TextChannel jobs = channels.text("jobs");
        jobs.sendBatch(channels.dsl(), List.of("a", "b", "c", "d"));
        List<List<String>> batches = new CopyOnWriteArrayList<>();
        track(Consumer.builder(jobs, dataSource).batchSize(4).concurrency(1)
                .batchHandler(ds -> batches.add(ds.stream().map(Delivery::payload).toList())).start());

        await().atMost(DEADLINE).until(() -> pending(jobs) == 0);
        assertThat(batches).containsExactly(List.of("a", "b", "c", "d"));
    }

    @Test
    void batchHandler_failingSomeMessages_acksTheOthers_andRetriesOnlyTheFailedWithTheirOwnErrors() {
        TextChannel jobs = channels.text("jobs");
        channels.dsl().execute("select pg_mq_alter_channel({0}, in_backoff_base => interval '10 milliseconds',"
                + " in_backoff_max => interval '20 milliseconds')", DSL.val(jobs.name()));
        List<Long> ids = jobs.sendBatch(channels.dsl(), List.of("a", "b", "c", "d"));
        List<List<String>> batches = new CopyOnWriteArrayList<>();
        track(Consumer.builder(jobs, dataSource).batchSize(4).concurrency(1).pollInterval(Duration.ofMillis(50))
                .batchHandler(ds -> {
                    batches.add(ds.stream().map(d -> d.payload() + "@" + d.attempt()
                            + d.lastError().map(e -> " after " + e).orElse("")).toList());
                    if (batches.size() == 1) {
                        throw new PartialBatchFailure(Map.of(ids.get(1), new IllegalStateException("no b"),
                                ids.get(3), new IllegalStateException("no d"), -1L, new IllegalStateException("x")));
                    }
                }).start());

        await().atMost(DEADLINE).until(() -> pending(jobs) == 0);
        assertThat(batches.get(0)).containsExactly("a@1", "b@1", "c@1", "d@1");
        assertThat(batches.subList(1, batches.size()).stream().flatMap(List::stream))
                .containsExactlyInAnyOrder("b@2 after java.lang.IllegalStateException: no b",
                        "d@2 after java.lang.IllegalStateException: no d");
    }

    @Test
    void partialBatchFailure_withNoFailures_isRefused() {
        assertThatThrownBy(() -> new PartialBatchFailure(Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("return normally");
    }

    @Test
    void builder_refusesBadSettings_namingThem() {
        TextChannel jobs = TextChannel.of("jobs");
        assertThatThrownBy(() -> Consumer.builder(jobs, dataSource).start())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("got none");
        assertThatThrownBy(() -> Consumer.builder(jobs, dataSource).handler(d -> { }).concurrency(0).start())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("concurrency must be 1..1000, was 0");
        assertThatThrownBy(() -> Consumer.builder(jobs, dataSource).handler(d -> { }).lease(Duration.ZERO).start())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("lease must be at least 1 second, was PT0S");
    }

    @Test
    void dozensOfConsumers_startAndStopQuickly() {
        TextChannel jobs = channels.text("jobs");
        List<Consumer<String>> many = IntStream.range(0, 30)
                .mapToObj(i -> Consumer.builder(jobs, dataSource).handler(d -> { }).start()).toList();
        many.forEach(Consumer::close);
        await().atMost(DEADLINE).until(() -> channels.listenBackends(jobs).isEmpty());
    }

    /** Opens a transaction that holds a row lock on the message (so its ack waits); roll it back to release. */
    private Connection lockRow(Channel<?> channel, long msgId) throws SQLException {
        Connection connection = dataSource.getConnection();
        connection.setAutoCommit(false);
        DSL.using(connection).execute("select 1 from {0} where msg_id = {1} for update",
                DSL.name(channel.schema(), channel.tableName()), DSL.val(msgId));
        return connection;
    }

    private int backendsWaitingForALock() {
        return channels.dsl().fetchCount(DSL.table("pg_stat_activity"),
                DSL.condition("datname = current_database() and wait_event_type = 'Lock'"));
    }

    /** How many transactions wrote the messages' current row versions. */
    private int ackTransactions(Channel<?> channel, List<Long> msgIds) {
        return channels.dsl().fetchValue("select count(distinct xmin::text) from {0} where msg_id = any({1})",
                DSL.name(channel.schema(), channel.tableName()), DSL.val(msgIds.toArray(Long[]::new)))
                instanceof Number n ? n.intValue() : -1;
    }

    private static int handlerThreadsWaiting(Channel<?> channel) {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("pgmq-handler-" + channel.name() + "-"))
                .filter(t -> Arrays.stream(t.getStackTrace()).anyMatch(f -> f.getMethodName().equals("queueAck")))
                .count();
    }

    /** Claimed and not acked: leased until a future visible_at. */
    private long leased(Channel<?> channel) {
        return channels.dsl().fetchCount(DSL.table(DSL.name(channel.schema(), channel.tableName())),
                DSL.condition("not was_delivered and lease_token is not null"));
    }

    private void setNotifyMode(Channel<?> channel, String mode) {
        channels.dsl().execute("select pg_mq_set_notify_mode({0}, {1})", DSL.val(channel.name()), DSL.val(mode));
    }

    private List<Integer> idleBackends(Channel<?> channel) {
        return channels.dsl().fetchValues("select backend_pid from pg_mq_idle_consumers where channel = {0}"
                + " order by backend_pid", DSL.val(channel.name()))
                .stream().map(pid -> ((Number) pid).intValue()).toList();
    }

    private long pending(Channel<?> channel) {
        return channels.dsl().fetchCount(DSL.table(DSL.name(channel.schema(), channel.tableName())),
                DSL.field(DSL.name("was_delivered"), Boolean.class).isFalse());
    }
}
