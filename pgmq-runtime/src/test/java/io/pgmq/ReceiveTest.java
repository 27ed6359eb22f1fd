package io.pgmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgmq.test.PgmqTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@PgmqTest
class ReceiveTest {

    private static final Duration LEASE = Duration.ofMinutes(5);

    private final TestChannels channels;

    ReceiveTest(DataSource dataSource) {
        this.channels = new TestChannels(dataSource);
    }

    @Test
    void receive_marksDelivered_soASecondReceiveGetsNothing() {
        TextChannel orders = channels.text("orders");
        orders.sendBatch(channels.dsl(), List.of("a", "b", "c"));
        assertThat(orders.receive(channels.dsl(), 2)).extracting(Message::payload).containsExactly("a", "b");
        assertThat(orders.receive(channels.dsl(), 10)).extracting(Message::payload).containsExactly("c");
        assertThat(orders.receive(channels.dsl(), 10)).isEmpty();
    }

    @Test
    @Timeout(120)
    void claim_fourConcurrentConsumers_seeEachOf10000MessagesExactlyOnce() throws Exception {
        TextChannel jobs = channels.text("jobs");
        jobs.sendBatch(channels.dsl(), IntStream.range(0, 10_000).mapToObj(i -> "job " + i).toList());

        List<Long> seen = TestChannels.drainConcurrently(4, () -> channels.dsl().transactionResult(tx -> {
            List<Delivery<String>> claimed = jobs.claim(tx.dsl(), 100, LEASE);
            jobs.ack(tx.dsl(), claimed);
            return claimed.stream().map(Delivery::msgId).toList();
        }));

        assertThat(seen).hasSize(10_000).doesNotHaveDuplicates();
    }

    @Test
    void claim_hidesMessageFromOtherConsumersUntilTheLeaseExpires() {
        TextChannel jobs = channels.text("jobs");
        jobs.send(channels.dsl(), "work");
        assertThat(jobs.claim(channels.dsl(), 10, LEASE)).hasSize(1);
        assertThat(jobs.claim(channels.dsl(), 10, LEASE)).isEmpty();
        assertThat(jobs.receive(channels.dsl(), 10)).isEmpty();
    }

    @Test
    void expiredLease_redeliversWithAttempt2() {
        TextChannel jobs = channels.text("jobs");
        long id = jobs.send(channels.dsl(), "work");
        Delivery<String> first = jobs.claim(channels.dsl(), 1, LEASE).get(0);
        assertThat(first.attempt()).isEqualTo(1);

        channels.makeVisibleNow(jobs, id);

        Delivery<String> second = jobs.claim(channels.dsl(), 1, LEASE).get(0);
        assertThat(second.msgId()).isEqualTo(id);
        assertThat(second.attempt()).isEqualTo(2);
        assertThat(second.leaseToken()).isNotEqualTo(first.leaseToken());
    }

    @Test
    void ack_afterLeaseExpiredAndAnotherConsumerClaimed_failsAndDoesNotAck() {
        TextChannel jobs = channels.text("jobs");
        long id = jobs.send(channels.dsl(), "work");
        Delivery<String> slow = jobs.claim(channels.dsl(), 1, LEASE).get(0);
        channels.makeVisibleNow(jobs, id);
        Delivery<String> fast = jobs.claim(channels.dsl(), 1, LEASE).get(0);

        assertThatThrownBy(() -> jobs.ack(channels.dsl(), slow))
                .isInstanceOf(LeaseLostException.class)
                .hasMessageContaining("channel \"" + jobs.name() + "\"")
                .hasMessageContaining("ack of message " + id + " failed")
                // core V10 says what the row shows, and the hint names the expired lease as one cause
                .hasMessageContaining("leased under another token (attempt 2")
                .hasMessageContaining("this delivery's lease expired and a later claim took the message")
                .satisfies(e -> assertThat(((PgmqException) e).sqlState()).hasValue("PQ010"));

        jobs.ack(channels.dsl(), fast);
        assertThatThrownBy(() -> jobs.ack(channels.dsl(), fast))
                .isInstanceOf(LeaseLostException.class)
                .hasMessageContaining("already acked");
    }

    @Test
    void nack_keepsErrorAndRetriesAfterBackoff() {
        TextChannel jobs = channels.text("jobs");
        long id = jobs.send(channels.dsl(), "work");
        Delivery<String> first = jobs.claim(channels.dsl(), 1, LEASE).get(0);

        NackOutcome outcome = jobs.nack(channels.dsl(), first, "smtp timeout");

        assertThat(outcome).isInstanceOfSatisfying(NackOutcome.Retry.class,
                retry -> assertThat(retry.visibleAt()).isAfter(Instant.now().minusSeconds(5)));
        channels.makeVisibleNow(jobs, id);
        Delivery<String> second = jobs.claim(channels.dsl(), 1, LEASE).get(0);
        assertThat(second.attempt()).isEqualTo(2);
        assertThat(second.lastError()).hasValue("smtp timeout");
    }

    @Test
    void maxAttempts_thenDeadLetterWithError_thenRedriveMakesItClaimable() {
        TextChannel jobs = channels.text("jobs");
        channels.dsl().execute("select pg_mq_alter_channel({0}, in_max_attempts => 2)", org.jooq.impl.DSL.val(jobs.name()));
        long id = jobs.send(channels.dsl(), "poison");

        jobs.nack(channels.dsl(), jobs.claim(channels.dsl(), 1, LEASE).get(0), "boom 1");
        channels.makeVisibleNow(jobs, id);
        NackOutcome last = jobs.nack(channels.dsl(), jobs.claim(channels.dsl(), 1, LEASE).get(0), "boom 2");

        assertThat(last).isInstanceOf(NackOutcome.Dead.class);
        assertThat(jobs.claim(channels.dsl(), 10, LEASE)).isEmpty();
        assertThat(jobs.deadLetters(channels.dsl(), 10)).singleElement().satisfies(dead -> {
            assertThat(dead.msgId()).isEqualTo(id);
            assertThat(dead.attempts()).isEqualTo(2);
            assertThat(dead.lastError()).isEqualTo("boom 2");
        });

        assertThat(jobs.redrive(channels.dsl())).isEqualTo(1);
        Delivery<String> again = jobs.claim(channels.dsl(), 1, LEASE).get(0);
        assertThat(again.msgId()).isEqualTo(id);
        assertThat(again.attempt()).isEqualTo(1);
        assertThat(jobs.deadLetters(channels.dsl(), 10)).isEmpty();
    }

    @Test
    void delayedMessage_isNotClaimableBeforeItsTime_andIsAfter() {
        TextChannel reminders = channels.text("reminders");
        long id = reminders.send(channels.dsl(), "remind me", Duration.ofHours(1));
        long atId = reminders.send(channels.dsl(), "at noon", Instant.now().plus(Duration.ofDays(1)));

        assertThat(reminders.claim(channels.dsl(), 10, LEASE)).isEmpty();
        assertThat(reminders.receive(channels.dsl(), 10)).isEmpty();

        channels.makeVisibleNow(reminders, id);
        assertThat(reminders.claim(channels.dsl(), 10, LEASE)).extracting(Delivery::msgId).containsExactly(id);
        channels.makeVisibleNow(reminders, atId);
        assertThat(reminders.receive(channels.dsl(), 10)).extracting(Message::msgId).containsExactly(atId);
    }

    @Test
    void extendLease_movesTheExpiryAndKeepsTheMessageHeld() {
        TextChannel jobs = channels.text("jobs");
        jobs.send(channels.dsl(), "long work");
        Delivery<String> delivery = jobs.claim(channels.dsl(), 1, Duration.ofSeconds(5)).get(0);

        Delivery<String> extended = jobs.extendLease(channels.dsl(), delivery, Duration.ofHours(1));

        assertThat(extended.leaseExpiresAt()).isAfter(delivery.leaseExpiresAt().plus(Duration.ofMinutes(30)));
        jobs.ack(channels.dsl(), extended);
    }

    @Test
    void release_makesMessagesClaimableAtOnceWithoutCountingTheAttempt() {
        TextChannel jobs = channels.text("jobs");
        jobs.sendBatch(channels.dsl(), List.of("a", "b"));
        List<Delivery<String>> claimed = jobs.claim(channels.dsl(), 2, LEASE);

        assertThat(jobs.release(channels.dsl(), claimed)).hasSize(2);

        assertThat(jobs.claim(channels.dsl(), 2, LEASE)).extracting(Delivery::attempt).containsExactly(1, 1);
    }

    @Test
    void claim_invalidArguments_areRefusedNamingTheParameter() {
        TextChannel jobs = TextChannel.of("jobs");
        assertThatThrownBy(() -> jobs.claim(channels.dsl(), 0, LEASE))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("max must be 1..1000, was 0");
        assertThatThrownBy(() -> jobs.claim(channels.dsl(), 1, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("lease must be positive, was PT0S");
    }

    @Test
    void byteaChannel_claimReturnsBytes() {
        ByteaChannel blobs = channels.bytea("blobs");
        blobs.send(channels.dsl(), new byte[] {0, 1, (byte) 0xff});
        assertThat(blobs.claim(channels.dsl(), 1, LEASE).get(0).payload()).containsExactly(0, 1, 0xff);
    }
}
