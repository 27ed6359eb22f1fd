package io.pgmq;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmq.test.PgmqTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The runtime's statements under pgmq core V10's column grants (issue 14, F1 and F2): a role granted send sends in
 * every way the runtime sends (one, delayed, at an instant, a text batch, a bytea batch), and a role granted receive
 * receives, claims, acks, nacks, releases, extends, claims locked, completes, fails and redrives. Uses the public API
 * only, each call in a transaction that has SET LOCAL ROLE to that role.
 */
@PgmqTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GrantedRolesTest {

    private final DSLContext dsl;
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String sender = "pgmq_rt_sender_" + suffix;
    private final String receiver = "pgmq_rt_recv_" + suffix;

    GrantedRolesTest(DataSource dataSource) {
        this.dsl = DSL.using(dataSource, SQLDialect.POSTGRES);
        dsl.execute("create role {0}", DSL.name(sender));
        dsl.execute("create role {0}", DSL.name(receiver));
    }

    @AfterAll
    void dropRoles() {
        for (String role : List.of(sender, receiver)) {
            dsl.execute("drop owned by {0}", DSL.name(role));
            dsl.execute("drop role {0}", DSL.name(role));
        }
    }

    @Test
    void sendRole_sendsOneDelayedAtAnInstantAndBatches() {
        TextChannel text = TextChannel.of(channel("gr_text", "text"));
        ByteaChannel bytes = ByteaChannel.of(channel("gr_bytes", "bytea"));

        as(sender, tx -> {
            text.send(tx, "one");
            text.send(tx, "in a minute", Duration.ofMinutes(1));
            text.send(tx, "at an instant", java.time.Instant.now().plusSeconds(60));
            text.sendBatch(tx, List.of("a", "b", "c"));
            bytes.send(tx, new byte[] {1});
            bytes.sendBatch(tx, List.of(new byte[] {2}, new byte[] {3}));
        });

        assertThat(dsl.fetchCount(DSL.table(DSL.name(text.schema(), text.tableName())))).isEqualTo(6);
        assertThat(dsl.fetchCount(DSL.table(DSL.name(bytes.schema(), bytes.tableName())))).isEqualTo(3);
    }

    @Test
    void receiveRole_runsEveryReceiveSideOperation() {
        TextChannel jobs = TextChannel.of(channel("gr_jobs", "text"));
        dsl.transaction(tx -> {
            for (int i = 0; i < 8; i++) {
                jobs.send(tx.dsl(), "job " + i);
            }
        });

        as(receiver, tx -> assertThat(jobs.receive(tx, 1)).hasSize(1));
        as(receiver, tx -> {
            List<Delivery<String>> claimed = jobs.claim(tx, 4, Duration.ofMinutes(1));
            jobs.ack(tx, claimed.get(0));
            jobs.nack(tx, claimed.get(1), "retry", Duration.ZERO);
            jobs.extendLease(tx, claimed.get(2), Duration.ofMinutes(2));
            assertThat(jobs.release(tx, List.of(claimed.get(3)))).hasSize(1);
        });
        as(receiver, tx -> {
            List<LockedDelivery<String>> locked = jobs.claimLocked(tx, 3);
            jobs.complete(tx, locked.get(0));
            jobs.complete(tx, List.of(locked.get(1)));
            jobs.fail(tx, locked.get(2), "failed", Duration.ofHours(1));
        });
        dsl.execute("select pg_mq_alter_channel({0}, in_max_attempts => 1)", DSL.val(jobs.name()));
        as(receiver, tx -> {
            Delivery<String> last = jobs.claim(tx, 1, Duration.ofMinutes(1)).get(0);
            jobs.nack(tx, last, "dead now");
            assertThat(jobs.deadLetters(tx, 10)).isNotEmpty();
            assertThat(jobs.redrive(tx)).isPositive();
        });
    }

    private void as(String role, Consumer<DSLContext> work) {
        dsl.transaction(tx -> {
            tx.dsl().execute("set local role {0}", DSL.name(role));
            work.accept(tx.dsl());
        });
    }

    /** A channel created as the owner, with the send and receive roles granted. */
    private String channel(String prefix, String type) {
        String name = prefix + "_" + suffix.substring(0, 4);
        dsl.execute("select pg_mq_create_queue({0}, {1})", DSL.val(name), DSL.val(type));
        dsl.execute("select pg_mq_grant_send({0}, {1})", DSL.val(name), DSL.val(sender));
        dsl.execute("select pg_mq_grant_receive({0}, {1})", DSL.val(name), DSL.val(receiver));
        return name;
    }
}
