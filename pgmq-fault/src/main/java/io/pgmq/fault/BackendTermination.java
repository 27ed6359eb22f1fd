package io.pgmq.fault;

import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.pgmq.test.PgmqDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Scenario 4: {@code pg_terminate_backend} of the consumers' sessions, again and again while messages flow: in turn
 * every session of the consumers' pool (claims, acks, handlers' transactions, LISTEN) and the LISTEN sessions alone.
 * Two channels, one notifying always and one {@code when_idle} (whose idle registrations die with their sessions).
 * The producers have a pool of their own and are not hit.
 */
final class BackendTermination implements Scenario {

    /** The application name of the consumers' pool. */
    private static final String CONSUMERS = "pgmq-fault-consumers";
    /**
     * The application name a {@code Consumer} gives its LISTEN session ({@code pgmq-listen-<channel>}). Not a
     * documented contract: if the runtime stops setting it, the check that LISTEN sessions were terminated fails and
     * names this pattern.
     */
    private static final String LISTEN = "pgmq-listen-%";

    @Override
    public String number() {
        return "4";
    }

    @Override
    public String title() {
        return "pg_terminate_backend of consumer and LISTEN sessions, repeatedly";
    }

    @Override
    public Row run(Size size, Path workDir) throws Exception {
        int messages = size.pick(1_500, 20_000);
        int rate = size.pick(400, 500);
        Duration every = size.pick(Duration.ofMillis(300), Duration.ofSeconds(2));
        ConsumerPlan plan = new ConsumerPlan(ConsumerPlan.Kind.SINGLE, 2, 10,
                size.pick(Duration.ofSeconds(3), Duration.ofSeconds(30)),
                size.pick(Duration.ofMillis(500), Duration.ofSeconds(5)));
        FaultChannel<String> always = FaultChannel.text("term_always");
        FaultChannel<String> whenIdle = FaultChannel.text("term_when_idle");
        try (PgmqDatabase scratch = PgmqDatabase.create("public", "classpath:db/pgmq");
             Run run = Run.open(Database.of(scratch), List.of(always, whenIdle))) {
            try (Connection c = run.db().connect()) {
                FaultSchema.notifyMode(c, whenIdle, "when_idle");
            }
            HikariDataSource consumers = run.pool("consumers", 16, Duration.ofSeconds(10));
            HikariDataSource producersPool = run.pool("producers", 4, Duration.ofSeconds(10));
            for (FaultChannel<String> ch : List.of(always, whenIdle)) {
                run.consume(ch, consumers, plan, ch.name() + "-single");
                run.consume(ch, consumers, plan.with(ConsumerPlan.Kind.TRANSACTIONAL), ch.name() + "-transactional");
            }
            Producers producers = run.produce(producersPool, new Producers.Plan(2, messages, rate, false));
            run.awaitStarted(producers, messages / 10, size.pick(Duration.ofSeconds(30), Duration.ofMinutes(5)));
            int rounds = 0;
            int listenKilled = 0;
            int othersKilled = 0;
            try (Connection c = run.db().connect()) {
                while (producers.started() < messages * 8L / 10 && !producers.done()) {
                    rounds++;
                    Instant at = Instant.now();
                    listenKilled += Probe.terminate(c, List.of(LISTEN));
                    if (rounds % 2 == 1) {
                        othersKilled += Probe.terminate(c, List.of(CONSUMERS));
                        run.timeline().record("consumer and LISTEN sessions terminated", at);
                    } else {
                        run.timeline().record("LISTEN sessions terminated", at);
                    }
                    Run.hold(every);
                }
            }
            run.check("LISTEN sessions were terminated", listenKilled > 0,
                    listenKilled + " terminated in " + rounds + " rounds (sessions named " + LISTEN + ")");
            run.check("the consumers' other sessions were terminated", othersKilled > 0,
                    othersKilled + " terminated in " + (rounds + 1) / 2 + " rounds");
            run.check("every consumer listens again", listening(run, 4), "4 sessions named " + LISTEN);
            run.awaitDone(producers, size.pick(Duration.ofSeconds(60), Duration.ofMinutes(10)));
            return run.finish(number(), title(), String.format(Locale.ROOT, "%,d msgs at %d/s, 2 producers x 4 "
                    + "consumers on 2 channels (notify always, when_idle), lease %s; a round every %s",
                    messages, rate, Run.seconds(plan.lease()), Run.seconds(every)));
        }
    }

    /** Whether {@code n} LISTEN sessions are back within 30 s (the consumers' reconnect backoff is capped at 10 s). */
    private static boolean listening(Run run, int n) {
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                    .until(() -> {
                        try (Connection c = run.db().connect()) {
                            return Probe.sessionsLike(c, LISTEN) >= n;
                        }
                    });
            return true;
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            return false;
        }
    }
}
