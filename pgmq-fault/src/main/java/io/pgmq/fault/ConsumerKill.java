package io.pgmq.fault;

import com.zaxxer.hikari.HikariDataSource;
import io.pgmq.test.PgmqDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Scenario 2: a consumer JVM killed with {@code destroyForcibly} while a survivor consumer in this JVM carries on.
 * The consumer JVM stops at a known message: in the lease variant after its ledger row committed and before the ack,
 * holding that lease (and others: claimed batches wait for its handler threads); in the locked variant inside its
 * transaction, after the ledger row was written and before the commit. Then it is killed. The lease variant must
 * handle that message again, on a higher attempt once the lease expired; the locked variant must roll it back and
 * handle it once, by the survivor, without counting an attempt.
 */
final class ConsumerKill implements Scenario {

    private static final String CHILD_SESSIONS = "pgmq-fault-child";

    private final boolean locked;

    private ConsumerKill(boolean locked) {
        this.locked = locked;
    }

    /** 2a: killed holding leases. */
    static ConsumerKill holdingLeases() {
        return new ConsumerKill(false);
    }

    /** 2b: killed mid-transaction in a transactional handler. */
    static ConsumerKill midTransaction() {
        return new ConsumerKill(true);
    }

    @Override
    public String number() {
        return locked ? "2b" : "2a";
    }

    @Override
    public String title() {
        return locked ? "consumer JVM killed mid-transaction (locked claims)" : "consumer JVM killed holding leases";
    }

    @Override
    public Row run(Size size, Path workDir) throws Exception {
        int messages = size.pick(800, 20_000);
        int rate = size.pick(300, 500);
        int stopAt = size.pick(100, 3_000);
        ConsumerPlan.Kind kind = locked ? ConsumerPlan.Kind.TRANSACTIONAL : ConsumerPlan.Kind.SINGLE;
        ConsumerPlan plan = new ConsumerPlan(kind, 4, 10, size.pick(Duration.ofSeconds(2), Duration.ofSeconds(30)),
                size.pick(Duration.ofMillis(500), Duration.ofSeconds(5)));
        FaultChannel<String> ch = FaultChannel.text(locked ? "kill_locked" : "kill_lease");
        try (PgmqDatabase scratch = PgmqDatabase.create("public", "classpath:db/pgmq");
             Run run = Run.open(Database.of(scratch), List.of(ch))) {
            String childName = "jvm-" + kind.name().toLowerCase(Locale.ROOT);
            try (ChildConsumer child = ChildConsumer.start(run.db(), ch, plan, childName, stopAt, workDir)) {
                HikariDataSource pool = run.pool("app", 10, Duration.ofSeconds(30));
                Producers producers = run.produce(pool, new Producers.Plan(2, messages, rate, false));
                ChildConsumer.Marker held = child.awaitMarker(size.pick(Duration.ofSeconds(60),
                        Duration.ofMinutes(5)));
                // started only now: under a steady trickle the consumer that found messages last keeps claiming
                // (its follow-up claims beat the notification), so a survivor running from the start would starve
                // the consumer JVM, which would never reach its stopping point
                run.consume(ch, pool, plan.with(kind), "survivor-" + kind.name().toLowerCase(Locale.ROOT));
                try (Connection c = run.db().connect()) {
                    if (locked) {
                        long open = Probe.sessions(c, CHILD_SESSIONS, "idle in transaction");
                        run.check("the consumer JVM was mid-transaction when killed", open > 0,
                                open + " of its sessions idle in transaction");
                    } else {
                        long leased = Probe.stats(c, ch).leased();
                        run.check("messages were leased when the consumer JVM was killed", leased > 0,
                                leased + " leased");
                    }
                }
                Instant killed = child.kill();
                run.timeline().record("consumer JVM killed " + (locked ? "mid-transaction" : "before its ack"),
                        killed);
                run.awaitDone(producers, size.pick(Duration.ofSeconds(60), Duration.ofMinutes(10)));
                try (Connection c = run.db().connect()) {
                    checkHeldMessage(run, Tally.handlingsOf(c, held.id()), held, childName);
                }
            }
            return run.finish(number(), title(), String.format(Locale.ROOT, "%,d msgs at %d/s, 2 producers; "
                    + "consumer JVM (%s, concurrency 4%s) killed at its %,d-th message, then a survivor", messages,
                    rate, kind.name().toLowerCase(Locale.ROOT),
                    locked ? "" : ", lease " + Run.seconds(plan.lease()), stopAt));
        }
    }

    private void checkHeldMessage(Run run, List<Handled> handlings, ChildConsumer.Marker held, String childName) {
        String seen = handlings.stream().map(Handled::describe).toList().toString();
        if (locked) {
            boolean once = handlings.size() == 1 && !handlings.get(0).consumer().equals(childName)
                    && handlings.get(0).attempt() == 1;
            run.check("the killed transaction's message " + held.id() + " was rolled back and handled once by the "
                    + "survivor, attempt not counted", once, seen);
        } else {
            boolean again = handlings.size() == 2 && handlings.get(0).consumer().equals(childName)
                    && handlings.get(1).attempt() > handlings.get(0).attempt();
            run.check("the unacked message " + held.id() + " was handled again on a higher attempt", again, seen);
        }
    }
}
