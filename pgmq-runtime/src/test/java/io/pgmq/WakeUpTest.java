package io.pgmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pgmq.test.PgmqTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A consumer claims a message when it becomes ready, whatever made it wait (a delayed send, a retry's backoff, a lease
 * that expired), not at its next poll: every consumer here polls every 30 seconds, and every deadline is shorter.
 */
@PgmqTest
@Timeout(60)
class WakeUpTest {

    private static final Duration POLL = Duration.ofSeconds(30);
    /** How late a wake-up may be here: far below the poll interval, and slack enough for a loaded machine. */
    private static final Duration SLACK = Duration.ofMillis(1500);

    private final DataSource dataSource;
    private final TestChannels channels;
    private final List<Consumer<?>> started = new ArrayList<>();

    WakeUpTest(DataSource dataSource) {
        this.dataSource = dataSource;
        this.channels = new TestChannels(dataSource);
    }

    @AfterEach
    void closeConsumers() {
        started.forEach(Consumer::close);
    }

    @Test
    void delayedSend_isHandledWhenDue_notAtTheNextPoll() {
        TextChannel jobs = channels.text("jobs");
        CompletableFuture<Instant> handled = new CompletableFuture<>();
        started.add(Consumer.builder(jobs, dataSource).pollInterval(POLL)
                .handler(d -> handled.complete(Instant.now())).start());
        channels.awaitListening(jobs);
        Instant due = Instant.now().plusSeconds(2);

        jobs.send(channels.dsl(), "later", due);

        assertThat(handled).succeedsWithin(Duration.ofSeconds(2).plus(SLACK))
                .satisfies(at -> assertThat(at).isAfterOrEqualTo(due.minusMillis(50)));
    }

    @Test
    void nackedMessage_isRetriedWhenItsBackoffEnds() {
        TextChannel jobs = channels.text("jobs");
        backoffOfOneSecond(jobs);
        Map<Integer, Instant> attempts = new ConcurrentHashMap<>();
        started.add(Consumer.builder(jobs, dataSource).pollInterval(POLL).handler(d -> {
            attempts.put(d.attempt(), Instant.now());
            if (d.attempt() == 1) {
                throw new IllegalStateException("first attempt fails");
            }
        }).start());
        channels.awaitListening(jobs);

        jobs.send(channels.dsl(), "flaky");

        await().atMost(Duration.ofSeconds(1).plus(SLACK).multipliedBy(2)).until(() -> attempts.containsKey(2));
        assertThat(Duration.between(attempts.get(1), attempts.get(2))).isBetween(Duration.ofMillis(400),
                Duration.ofSeconds(1).plus(SLACK));
    }

    @Test
    void failedMessageOfATransactionalHandler_isRetriedWhenItsBackoffEnds() {
        TextChannel jobs = channels.text("jobs");
        backoffOfOneSecond(jobs);
        Map<Integer, Instant> attempts = new ConcurrentHashMap<>();
        started.add(Consumer.builder(jobs, dataSource).pollInterval(POLL).transactionalHandler((tx, d) -> {
            attempts.put(d.attempt(), Instant.now());
            if (d.attempt() == 1) {
                throw new IllegalStateException("first attempt fails");
            }
        }).start());
        channels.awaitListening(jobs);

        jobs.send(channels.dsl(), "flaky");

        await().atMost(Duration.ofSeconds(1).plus(SLACK).multipliedBy(2)).until(() -> attempts.containsKey(2));
        assertThat(Duration.between(attempts.get(1), attempts.get(2))).isBetween(Duration.ofMillis(400),
                Duration.ofSeconds(1).plus(SLACK));
    }

    @Test
    void leaseAnotherConsumerLetExpire_isClaimedWhenItExpires() {
        TextChannel jobs = channels.text("jobs");
        CompletableFuture<Delivery<String>> handled = new CompletableFuture<>();
        started.add(Consumer.builder(jobs, dataSource).pollInterval(POLL).handler(handled::complete).start());
        channels.awaitListening(jobs);

        // another consumer sends and claims in one transaction, then crashes: its lease runs out 2 s later
        Delivery<String> abandoned = channels.dsl().transactionResult(tx -> {
            jobs.send(tx.dsl(), "abandoned");
            return jobs.claim(tx.dsl(), 1, Duration.ofSeconds(2)).get(0);
        });

        assertThat(handled).succeedsWithin(Duration.ofSeconds(2).plus(SLACK)).satisfies(d -> {
            assertThat(d.msgId()).isEqualTo(abandoned.msgId());
            assertThat(d.attempt()).isEqualTo(2);
            assertThat(Instant.now()).isAfterOrEqualTo(abandoned.leaseExpiresAt().minusMillis(50));
        });
    }

    @Test
    void anotherConsumersNack_isRetriedOnTimeByThisConsumer() {
        TextChannel jobs = channels.text("jobs");
        CompletableFuture<Delivery<String>> handled = new CompletableFuture<>();
        started.add(Consumer.builder(jobs, dataSource).pollInterval(POLL).handler(handled::complete).start());
        channels.awaitListening(jobs);
        Delivery<String> held = channels.dsl().transactionResult(tx -> {
            jobs.send(tx.dsl(), "held elsewhere");
            return jobs.claim(tx.dsl(), 1, Duration.ofHours(1)).get(0);
        });

        // another consumer nacks it for a retry 1 s later: the nack NOTIFYs the channel (pgmq-schema V10), this
        // consumer claims, finds it not ready yet and arms its wake-up for the retry time
        channels.dsl().transaction(tx -> jobs.nack(tx.dsl(), held, "retry soon", Duration.ofSeconds(1)));

        assertThat(handled).succeedsWithin(Duration.ofSeconds(1).plus(SLACK))
                .satisfies(d -> assertThat(d.lastError()).hasValue("retry soon"));
    }

    private void backoffOfOneSecond(Channel<?> channel) {
        channels.dsl().execute("select pg_mq_alter_channel({0}, in_backoff_base => interval '1 second',"
                + " in_backoff_max => interval '1 second')", DSL.val(channel.name()));
    }
}
