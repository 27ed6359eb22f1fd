package io.pgmq.fault;

import com.zaxxer.hikari.HikariDataSource;
import io.pgmq.test.PgmqDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Scenario 1: steady load with no fault, 4 producers sending as fast as they can and 4 consumers (one of each handler
 * kind, and a second single-message one) on one channel of one payload type. The baseline: nothing lost, nothing
 * handled twice.
 */
final class SteadyLoad implements Scenario {

    private static final int PRODUCERS = 4;
    private static final List<ConsumerPlan.Kind> CONSUMERS = List.of(ConsumerPlan.Kind.SINGLE,
            ConsumerPlan.Kind.BATCH, ConsumerPlan.Kind.TRANSACTIONAL, ConsumerPlan.Kind.SINGLE);

    private final String number;
    private final String type;
    private final Function<String, FaultChannel<?>> channel;

    private SteadyLoad(String number, String type, Function<String, FaultChannel<?>> channel) {
        this.number = number;
        this.type = type;
        this.channel = channel;
    }

    static SteadyLoad text() {
        return new SteadyLoad("1a", "text", FaultChannel::text);
    }

    static SteadyLoad xml() {
        return new SteadyLoad("1b", "xml", FaultChannel::xml);
    }

    static SteadyLoad bytea() {
        return new SteadyLoad("1c", "bytea", FaultChannel::bytea);
    }

    private static double perSecond(long n, Instant from, Instant to) {
        return n * 1000.0 / Math.max(1, Duration.between(from, to).toMillis());
    }

    @Override
    public String number() {
        return number;
    }

    @Override
    public String title() {
        return "steady load, " + type;
    }

    @Override
    public Row run(Size size, Path workDir) throws Exception {
        int messages = size.pick(3_000, 100_000);
        FaultChannel<?> ch = channel.apply("steady_" + type);
        ConsumerPlan plan = new ConsumerPlan(ConsumerPlan.Kind.SINGLE, 2, 10, Duration.ofSeconds(30),
                size.pick(Duration.ofMillis(500), Duration.ofSeconds(5)));
        try (PgmqDatabase scratch = PgmqDatabase.create("public", "classpath:db/pgmq");
             Run run = Run.open(Database.of(scratch), List.of(ch))) {
            HikariDataSource pool = run.pool("app", 20, Duration.ofSeconds(30));
            for (int i = 0; i < CONSUMERS.size(); i++) {
                ConsumerPlan.Kind kind = CONSUMERS.get(i);
                run.consume(ch, pool, plan.with(kind), "c" + (i + 1) + "-" + kind.name().toLowerCase(Locale.ROOT));
            }
            Instant start = Instant.now();
            Producers producers = run.produce(pool, new Producers.Plan(PRODUCERS, messages, 0, false));
            run.awaitDone(producers, size.pick(Duration.ofSeconds(90), Duration.ofMinutes(20)));
            try (Connection c = run.db().connect()) {
                Optional<Instant> sent = producers.finishedAt();
                Optional<Instant> handled = Tally.lastHandled(c);
                if (sent.isPresent() && handled.isPresent()) {
                    run.note(String.format(Locale.ROOT, "sent in %s (%.0f/s), all handled %s after the start "
                                    + "(%.0f/s)", Run.seconds(Duration.between(start, sent.get())),
                            perSecond(messages, start, sent.get()), Run.seconds(Duration.between(start,
                                    handled.get())), perSecond(messages, start, handled.get())));
                }
            }
            return run.finish(number, title(), String.format(Locale.ROOT,
                    "%,d msgs, %d producers x %d consumers (single, batch, transactional, single)", messages,
                    PRODUCERS, CONSUMERS.size()));
        }
    }
}
