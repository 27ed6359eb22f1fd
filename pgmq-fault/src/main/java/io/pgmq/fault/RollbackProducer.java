package io.pgmq.fault;

import com.zaxxer.hikari.HikariDataSource;
import io.pgmq.test.PgmqDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Scenario 7: producers whose business transaction rolls back half the time (a fixed, id-derived half), on a text, an
 * xml and a bytea channel: exactly the messages of the committed transactions arrive, none of the rolled-back ones.
 */
final class RollbackProducer implements Scenario {

    @Override
    public String number() {
        return "7";
    }

    @Override
    public String title() {
        return "producers rolling back half their transactions";
    }

    @Override
    public Row run(Size size, Path workDir) throws Exception {
        int attempts = size.pick(3_000, 30_000);
        ConsumerPlan plan = new ConsumerPlan(ConsumerPlan.Kind.SINGLE, 2, 10, Duration.ofSeconds(30),
                size.pick(Duration.ofMillis(500), Duration.ofSeconds(5)));
        FaultChannel<String> text = FaultChannel.text("rollback_text");
        FaultChannel<?> xml = FaultChannel.xml("rollback_xml");
        FaultChannel<?> bytea = FaultChannel.bytea("rollback_bytea");
        try (PgmqDatabase scratch = PgmqDatabase.create("public", "classpath:db/pgmq");
             Run run = Run.open(Database.of(scratch), List.of(text, xml, bytea))) {
            HikariDataSource pool = run.pool("app", 16, Duration.ofSeconds(30));
            run.consume(text, pool, plan, "text-single");
            run.consume(xml, pool, plan.with(ConsumerPlan.Kind.BATCH), "xml-batch");
            run.consume(bytea, pool, plan.with(ConsumerPlan.Kind.TRANSACTIONAL), "bytea-transactional");
            Producers producers = run.produce(pool, new Producers.Plan(4, attempts, 0, true));
            run.awaitDone(producers, size.pick(Duration.ofSeconds(60), Duration.ofMinutes(10)));
            long intended = 0;
            for (long id = 1; id <= attempts; id++) {
                intended += Producers.rollsBack(id) ? 0 : 1;
            }
            try (Connection c = run.db().connect()) {
                long leaked = rolledBackButRecorded(c);
                run.check("the committed sends are exactly the ones not rolled back", leaked == 0
                                && producers.committed() == intended,
                        producers.committed() + " committed, " + producers.rolledBack() + " rolled back, "
                                + intended + " meant to commit, " + leaked + " rolled-back ids in fault_sent");
            }
            return run.finish(number(), title(), String.format(Locale.ROOT, "%,d transactions, 4 producers, a "
                    + "message each, half rolled back; text, xml and bytea channels, one consumer each (single, "
                    + "batch, transactional)", attempts));
        }
    }

    /** Ids in {@code fault_sent} whose transaction the producers meant to roll back. */
    private static long rolledBackButRecorded(Connection c) throws java.sql.SQLException {
        long leaked = 0;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM fault_sent")) {
            while (rs.next()) {
                leaked += Producers.rollsBack(rs.getLong(1)) ? 1 : 0;
            }
        }
        return leaked;
    }
}
