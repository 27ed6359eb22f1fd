package io.pgmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pgmq.internal.ConsumerCounters;
import io.pgmq.test.PgmqTest;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@PgmqTest
@Timeout(60)
class RetentionTest {

    private final DataSource dataSource;
    private final TestChannels channels;

    RetentionTest(DataSource dataSource) {
        this.dataSource = dataSource;
        this.channels = new TestChannels(dataSource);
    }

    @Test
    void purge_deletesOldFinishedMessagesAndOldDeadLetters_andNothingElse() {
        TextChannel jobs = channels.text("jobs");
        long oldAcked = messageIn(jobs, "was_delivered = true, sent_at = now() - interval '8 days'");
        long newAcked = messageIn(jobs, "was_delivered = true, sent_at = now() - interval '6 days'");
        long oldReady = messageIn(jobs, "sent_at = now() - interval '60 days'");
        long oldLeased = messageIn(jobs, "sent_at = now() - interval '60 days', lease_token = gen_random_uuid(),"
                + " visible_at = now() + interval '1 minute', attempts = 1");
        long oldDead = messageIn(jobs, "sent_at = now() - interval '60 days', dead_at = now() - interval '31 days'");
        long newDead = messageIn(jobs, "sent_at = now() - interval '60 days', dead_at = now() - interval '29 days'");

        long deleted = purgeBatch(jobs, 1000);

        assertThat(deleted).isEqualTo(2);
        assertThat(ids(jobs)).containsExactlyInAnyOrder(newAcked, oldReady, oldLeased, newDead)
                .doesNotContain(oldAcked, oldDead);
    }

    @Test
    void purge_withRetentionSetPerChannel_usesThatChannelsSetting() {
        TextChannel shortLived = channels.text("short");
        TextChannel other = channels.text("other");
        channels.dsl().execute("select pg_mq_set_retention({0}, in_retention => interval '1 hour')",
                DSL.val(shortLived.name()));
        long purged = messageIn(shortLived, "was_delivered = true, sent_at = now() - interval '2 hours'");
        long kept = messageIn(other, "was_delivered = true, sent_at = now() - interval '2 hours'");

        channels.dsl().execute("select pg_mq_purge({0})", DSL.val(shortLived.name()));
        channels.dsl().execute("select pg_mq_purge({0})", DSL.val(other.name()));

        assertThat(ids(shortLived)).doesNotContain(purged).isEmpty();
        assertThat(ids(other)).containsExactly(kept);
    }

    @Test
    void purge_deletesAtMostOneBatchPerCall() {
        TextChannel jobs = channels.text("jobs");
        for (int i = 0; i < 5; i++) {
            messageIn(jobs, "was_delivered = true, sent_at = now() - interval '8 days'");
        }
        List<Long> batches = List.of(purgeBatch(jobs, 2), purgeBatch(jobs, 2), purgeBatch(jobs, 2));
        assertThat(batches).containsExactly(2L, 2L, 1L);
    }

    @Test
    void consumer_purgesPeriodically() {
        TextChannel jobs = channels.text("jobs");
        long old = messageIn(jobs, "was_delivered = true, sent_at = now() - interval '8 days'");
        long ready = messageIn(jobs, "visible_at = now() + interval '1 hour'");
        try (Consumer<String> consumer = Consumer.builder(jobs, dataSource).purgeInterval(Duration.ofMillis(50))
                .handler(d -> { }).start()) {
            await().atMost(Duration.ofSeconds(15)).until(() -> !ids(jobs).contains(old));
            assertThat(ConsumerCounters.of(consumer).count(ConsumerCounters.Outcome.PURGED)).isEqualTo(1);
        }
        assertThat(ids(jobs)).containsExactly(ready);
    }

    @Test
    void purgeLock_isHeldByOneSessionAtATime() throws Exception {
        TextChannel jobs = channels.text("jobs");
        try (Connection first = dataSource.getConnection(); Connection second = dataSource.getConnection()) {
            DSLContext a = Pgmq.using(first);
            DSLContext b = Pgmq.using(second);
            PurgeLock lock = new PurgeLock(jobs);
            assertThat(lock.tryLock(a)).isTrue();
            assertThat(lock.tryLock(b)).isFalse();
            lock.unlock(a);
            assertThat(lock.tryLock(b)).isTrue();
        }
    }

    private long purgeBatch(Channel<?> channel, int size) {
        return channels.dsl().select(DSL.field("pg_mq_purge({0}, null::interval, {1})", SQLDataType.BIGINT,
                DSL.val(channel.name()), DSL.val(size))).fetchSingle().value1();
    }

    /** Sends a message and then moves it into a state with an UPDATE's SET list (test-only SQL). */
    private long messageIn(TextChannel channel, String set) {
        long id = channel.send(channels.dsl(), "m");
        channels.dsl().execute("update {0} set " + set + " where msg_id = {1}",
                DSL.name(channel.schema(), channel.tableName()), DSL.val(id));
        return id;
    }

    private List<Long> ids(Channel<?> channel) {
        return channels.dsl().select(DSL.field(DSL.name("msg_id"), Long.class))
                .from(DSL.table(DSL.name(channel.schema(), channel.tableName()))).fetch().into(Long.class);
    }
}
