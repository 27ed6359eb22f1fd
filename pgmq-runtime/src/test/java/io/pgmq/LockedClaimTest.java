package io.pgmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgmq.test.PgmqTest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Locked claims: held by the caller's transaction, completed or failed in it, given back by its rollback. */
@PgmqTest
class LockedClaimTest {

    private final TestChannels channels;

    LockedClaimTest(DataSource dataSource) {
        this.channels = new TestChannels(dataSource);
    }

    @Test
    void claimLockedAndComplete_removeTheMessagesWhenTheTransactionCommits() {
        TextChannel jobs = channels.text("locked");
        jobs.sendBatch(channels.dsl(), List.of("a", "b", "c"));

        List<String> handled = channels.dsl().transactionResult(tx -> {
            List<LockedDelivery<String>> locked = jobs.claimLocked(tx.dsl(), 2);
            jobs.complete(tx.dsl(), locked);
            return locked.stream().map(LockedDelivery::payload).toList();
        });

        assertThat(handled).containsExactly("a", "b");
        assertThat(channels.count(jobs)).isEqualTo(1);
    }

    @Test
    void completeOfSeveral_claimedInsideASavepoint_completesThemAll() {
        TextChannel jobs = channels.text("locked");
        jobs.sendBatch(channels.dsl(), List.of("a", "b"));

        channels.dsl().transaction(tx -> {
            // jOOQ runs a nested transaction as a savepoint: the row locks belong to its subtransaction
            List<LockedDelivery<String>> locked = tx.dsl().transactionResult(inner -> jobs.claimLocked(inner.dsl(), 2));
            jobs.complete(tx.dsl(), locked);
        });

        assertThat(channels.count(jobs)).isZero();
    }

    @Test
    void claimLocked_workThatRollsBack_leavesTheMessageReadyWithTheSameAttempt() {
        TextChannel jobs = channels.text("locked");
        long id = jobs.send(channels.dsl(), "work");

        assertThatThrownBy(() -> channels.dsl().transaction(tx -> {
            LockedDelivery<String> locked = jobs.claimLocked(tx.dsl(), 1).get(0);
            jobs.complete(tx.dsl(), locked);
            throw new IllegalStateException("handler failed after completing");
        })).isInstanceOf(IllegalStateException.class);

        LockedDelivery<String> again = channels.dsl().transactionResult(tx -> jobs.claimLocked(tx.dsl(), 1).get(0));
        assertThat(again.msgId()).isEqualTo(id);
        assertThat(again.attempt()).isEqualTo(1);
    }

    @Test
    void claimLocked_workWrittenInTheSameTransaction_commitsWithTheCompletion() {
        TextChannel jobs = channels.text("locked");
        channels.dsl().execute("create table locked_effects (msg_id bigint primary key, payload text)");
        jobs.sendBatch(channels.dsl(), List.of("x", "y"));

        channels.dsl().transaction(tx -> {
            for (LockedDelivery<String> d : jobs.claimLocked(tx.dsl(), 10)) {
                tx.dsl().execute("insert into locked_effects values ({0}, {1})", DSL.val(d.msgId()), DSL.val(d.payload()));
                jobs.complete(tx.dsl(), d);
            }
        });

        assertThat(channels.dsl().fetch("select payload from locked_effects order by msg_id")
                .getValues(0, String.class)).containsExactly("x", "y");
        assertThat(channels.count(jobs)).isZero();
    }

    @Test
    void claimLocked_inAutocommit_isRefusedBeforeAnyMessageIsTaken() {
        TextChannel jobs = channels.text("locked");
        jobs.send(channels.dsl(), "work");

        assertThatThrownBy(() -> jobs.claimLocked(channels.dsl(), 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("channel \"" + jobs.name() + "\": claimLocked needs a transaction");
        assertThat(jobs.claim(channels.dsl(), 1, Duration.ofMinutes(1))).hasSize(1);
    }

    @Test
    void fail_retriesAfterTheBackoffWithTheErrorAndAttempt2() {
        TextChannel jobs = channels.text("locked");
        long id = jobs.send(channels.dsl(), "flaky");

        NackOutcome outcome = channels.dsl().transactionResult(tx -> {
            LockedDelivery<String> d = jobs.claimLocked(tx.dsl(), 1).get(0);
            return jobs.fail(tx.dsl(), d, "shop timed out");
        });
        List<LockedDelivery<String>> tooSoon = channels.dsl().transactionResult(tx -> jobs.claimLocked(tx.dsl(), 1));
        channels.makeVisibleNow(jobs, id);
        LockedDelivery<String> retried = channels.dsl().transactionResult(tx -> jobs.claimLocked(tx.dsl(), 1).get(0));

        assertThat(outcome).isInstanceOf(NackOutcome.Retry.class);
        assertThat(tooSoon).isEmpty();
        assertThat(retried.attempt()).isEqualTo(2);
        assertThat(retried.lastError()).hasValue("shop timed out");
    }

    @Test
    void fail_afterRollingBackTheWorkToASavepoint_keepsOnlyTheFailure() {
        TextChannel jobs = channels.text("locked");
        channels.dsl().execute("create table locked_partial (msg_id bigint)");
        long id = jobs.send(channels.dsl(), "half done");
        channels.dsl().execute("select pg_mq_alter_channel({0}, in_max_attempts => 1)", DSL.val(jobs.name()));

        NackOutcome outcome = channels.dsl().transactionResult(tx -> {
            LockedDelivery<String> d = jobs.claimLocked(tx.dsl(), 1).get(0);
            try {
                tx.dsl().transaction(work -> {
                    work.dsl().execute("insert into locked_partial values ({0})", DSL.val(d.msgId()));
                    throw new IllegalArgumentException("bad payload");
                });
            } catch (IllegalArgumentException e) {
                return jobs.fail(tx.dsl(), d, e.getMessage());
            }
            throw new AssertionError("the work did not fail");
        });

        assertThat(outcome).isInstanceOf(NackOutcome.Dead.class);
        assertThat(channels.dsl().fetchCount(DSL.table(DSL.name("locked_partial")))).isZero();
        assertThat(jobs.deadLetters(channels.dsl(), 10)).singleElement().satisfies(dead -> {
            assertThat(dead.msgId()).isEqualTo(id);
            assertThat(dead.lastError()).isEqualTo("bad payload");
        });
    }

    @Test
    void complete_ofAMessageAnotherTransactionHolds_throwsLeaseLostNamingIt() throws Exception {
        TextChannel jobs = channels.text("locked");
        long id = jobs.send(channels.dsl(), "mine");
        CyclicBarrier locked = new CyclicBarrier(2);
        CyclicBarrier tried = new CyclicBarrier(2);
        ExecutorService holder = Executors.newSingleThreadExecutor();
        try {
            Future<LockedDelivery<String>> held = holder.submit(() -> channels.dsl().transactionResult(tx -> {
                LockedDelivery<String> d = jobs.claimLocked(tx.dsl(), 1).get(0);
                locked.await(30, TimeUnit.SECONDS);
                tried.await(30, TimeUnit.SECONDS);
                return d;
            }));
            locked.await(30, TimeUnit.SECONDS);
            LockedDelivery<String> stolen = new LockedDelivery<>(jobs.name(), id, 1, java.time.Instant.now(), "x",
                    java.util.Optional.empty(), "mine");
            try {
                assertThatThrownBy(() -> channels.dsl().transaction(tx -> jobs.complete(tx.dsl(), List.of(stolen))))
                        .isInstanceOf(LeaseLostException.class)
                        .hasMessageContaining("complete of messages [" + id + "] failed: this transaction does not hold");
                assertThatThrownBy(() -> channels.dsl().transaction(tx -> jobs.complete(tx.dsl(), stolen)))
                        .isInstanceOf(LeaseLostException.class)
                        .hasMessageContaining("another transaction holds it")
                        .satisfies(e -> assertThat(((PgmqException) e).sqlState()).hasValue("PQ010"));
            } finally {
                tried.await(30, TimeUnit.SECONDS);
            }
            assertThat(held.get(30, TimeUnit.SECONDS).msgId()).isEqualTo(id);
        } finally {
            holder.shutdownNow();
            assertThat(holder.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(channels.count(jobs)).isEqualTo(1);
    }

    @Test
    @Timeout(120)
    void claimLocked_fourConcurrentConsumers_completeEachOf10000MessagesExactlyOnce() throws Exception {
        TextChannel jobs = channels.text("locked");
        jobs.sendBatch(channels.dsl(), IntStream.range(0, 10_000).mapToObj(i -> "job " + i).toList());

        List<Long> seen = TestChannels.drainConcurrently(4, () -> channels.dsl().transactionResult(tx -> {
            List<LockedDelivery<String>> locked = jobs.claimLocked(tx.dsl(), 100);
            jobs.complete(tx.dsl(), locked);
            return locked.stream().map(LockedDelivery::msgId).toList();
        }));

        assertThat(seen).hasSize(10_000).doesNotHaveDuplicates();
        assertThat(channels.count(jobs)).isZero();
    }

    @Test
    void byteaAndXmlChannels_claimLockedReturnTheirPayloadTypes() {
        ByteaChannel blobs = channels.bytea("locked_bin");
        XmlChannel docs = channels.xml("locked_xml");
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        blobs.send(channels.dsl(), all);
        docs.send(channels.dsl(), org.jooq.XML.valueOf("<order id=\"1\"/>"));

        channels.dsl().transaction(tx -> {
            DSLContext dsl = tx.dsl();
            assertThat(blobs.claimLocked(dsl, 1).get(0).payload()).containsExactly(all);
            assertThat(docs.claimLocked(dsl, 1).get(0).payload().data()).isEqualTo("<order id=\"1\"/>");
        });
    }

    @Test
    void lockedDeliveryOfAnotherChannel_isRefusedNamingBoth() {
        TextChannel jobs = channels.text("locked");
        LockedDelivery<String> other = new LockedDelivery<>("other_channel", 1, 1, java.time.Instant.now(), "x",
                java.util.Optional.empty(), "p");

        assertThatThrownBy(() -> jobs.complete(channels.dsl(), other))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("locked delivery of message 1 belongs to channel \"other_channel\", not \"" + jobs.name()
                        + "\"");
        assertThatThrownBy(() -> jobs.claimLocked(channels.dsl(), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("max must be 1..1000, was 0");
    }
}
