package io.pgmq.fault;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Scenario 3: PostgreSQL stopped mid-run ({@code pg_ctl stop -m fast}), held down, and started again on the same data
 * directory and port, while producers and consumers carry on: their transactions fail, the producers retry (asking
 * {@code fault_sent} whether a failed COMMIT happened), HikariCP replaces its connections, the consumers reconnect
 * and re-LISTEN. Runs on its own embedded server, since it must not stop a shared one.
 */
final class ServerRestart implements Scenario {

    @Override
    public String number() {
        return "3";
    }

    @Override
    public String title() {
        return "PostgreSQL stopped and started mid-run";
    }

    @Override
    public Row run(Size size, Path workDir) throws Exception {
        int messages = size.pick(900, 20_000);
        int rate = size.pick(300, 500);
        Duration down = size.pick(Duration.ofSeconds(2), Duration.ofSeconds(15));
        ConsumerPlan plan = new ConsumerPlan(ConsumerPlan.Kind.SINGLE, 2, 10,
                size.pick(Duration.ofSeconds(5), Duration.ofSeconds(30)),
                size.pick(Duration.ofMillis(500), Duration.ofSeconds(5)));
        FaultChannel<String> ch = FaultChannel.text("restart");
        try (RestartableServer server = RestartableServer.start(workDir);
             Run run = Run.open(server.database(), List.of(ch))) {
            HikariDataSource pool = run.pool("app", 12, Duration.ofSeconds(5));
            run.consume(ch, pool, plan, "c1-single");
            run.consume(ch, pool, plan.with(ConsumerPlan.Kind.TRANSACTIONAL), "c2-transactional");
            Producers producers = run.produce(pool, new Producers.Plan(2, messages, rate, false));
            run.awaitStarted(producers, messages / 3, size.pick(Duration.ofSeconds(30), Duration.ofMinutes(5)));
            Instant stopped = Instant.now();
            server.stop();
            run.check("the server was down", !answers(run.db()), "a connection attempt after the stop failed");
            Run.hold(down);
            server.startAgain();
            run.timeline().record("server restarted", stopped, Instant.now());
            run.awaitDone(producers, size.pick(Duration.ofSeconds(60), Duration.ofMinutes(10)));
            run.check("producers retried through the outage", producers.retries() > 0,
                    producers.retries() + " retries, " + producers.commitsInDoubt() + " commits in doubt");
            return run.finish(number(), title(), String.format(Locale.ROOT, "%,d msgs at %d/s, 2 producers x 2 "
                    + "consumers (single, transactional), down %s; own embedded server, synchronous_commit on",
                    messages, rate, Run.seconds(down)));
        }
    }

    private static boolean answers(Database db) {
        try (Connection c = db.connect()) {
            return c.isValid(5);
        } catch (SQLException e) {
            return false;
        }
    }
}
