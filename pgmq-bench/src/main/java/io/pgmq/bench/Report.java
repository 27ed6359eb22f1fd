package io.pgmq.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Renders bench/RESULTS.md from one run's rows. */
final class Report {

    static final String COMMAND = "./mvnw -q -B package -DskipTests -pl pgmq-bench -am && "
            + "java -jar pgmq-bench/target/pgmq-bench.jar";

    private Report() {
    }

    static String render(List<Row> rows, Machine machine, Settings settings, Instant at) {
        StringBuilder md = new StringBuilder();
        md.append("# pgmq benchmark results\n\n");
        md.append("Written by `io.pgmq.bench.BenchMain` (module `pgmq-bench`); do not edit by hand. Regenerate from the "
                + "repository root with\n\n```\n").append(COMMAND).append("\n```\n\n");
        md.append("(`--jdbc-url jdbc:postgresql://host:5432/postgres --user postgres --password ...` for an existing "
                + "server, where it creates and drops a scratch database; `--seconds`, `--rounds`; `--smoke` for the "
                + "few-second check that `./mvnw verify` runs; exit status 1 when a target is missed.)\n\n");
        md.append(String.format(Locale.ROOT, "- run: %s, %s, %.1f s per run, %d interleaved round%s (pgmq and raw "
                        + "alternate which goes first); figures are medians of the rounds, ratio = pgmq / raw\n",
                settings.smoke() ? "**smoke** (figures decide nothing)" : "full",
                at.truncatedTo(ChronoUnit.SECONDS), settings.run().toMillis() / 1000.0, settings.rounds(),
                settings.rounds() == 1 ? "" : "s"));
        md.append(String.format(Locale.ROOT, "- machine: %d cores (client and server on the same host unless the "
                        + "server says otherwise), Java %s, load average at start %s (at end %s); on a busy host "
                        + "the per-round ratios spread widely and only large gaps mean anything\n", machine.cores(),
                machine.java(), machine.loadAverage(), Machine.currentLoadAverage()));
        md.append(String.format(Locale.ROOT, "- PostgreSQL %s (%s), synchronous_commit=%s, fsync=%s\n",
                machine.postgres(), machine.server(), machine.synchronousCommit(), machine.fsync()));
        md.append("- payload: 64-byte text; raw tables are `LIKE pg_mq_shape_text INCLUDING ALL` with the same "
                + "`pg_mq_notify` trigger as the channel tables; one connection per thread on both sides\n\n");

        md.append("| scenario | unit | pgmq | raw | ratio | per-round | target | result | note |\n");
        md.append("|---|---|---:|---:|---:|---|---|---|---|\n");
        for (Row row : rows) {
            md.append("| ").append(row.scenario())
                    .append(" | ").append(row.unit())
                    .append(" | ").append(number(row.pgmq(), row.unit()))
                    .append(" | ").append(row.raw().isPresent() ? number(row.raw().getAsDouble(), row.unit()) : "—")
                    .append(" | ").append(row.ratio().isPresent()
                            ? String.format(Locale.ROOT, "%.3fx", row.ratio().getAsDouble()) : "—")
                    .append(" | ").append(row.raw().isPresent()
                            ? row.perRound().stream().map(r -> String.format(Locale.ROOT, "%.3f", r))
                                    .collect(Collectors.joining(" ")) : "")
                    .append(" | ").append(row.target())
                    .append(" | ").append(Row.NO_TARGET.equals(row.target()) ? Row.NO_TARGET
                            : row.pass() ? "PASS" : "FAIL")
                    .append(" | ").append(row.note())
                    .append(" |\n");
        }
        md.append("\nWhat the sides do:\n\n"
                + "- send: pgmq `TextChannel.send(DSLContext, String)` (jOOQ `INSERT ... RETURNING msg_id`) against a "
                + "prepared JDBC `INSERT INTO raw_send (payload) VALUES (?) RETURNING msg_id`; autocommit, or "
                + Bench.SENDS_PER_TX + " sends then `COMMIT` in the caller's transaction. Tables are truncated before "
                + "every run.\n"
                + "- claim + ack: pgmq `claim(tx, " + Bench.CLAIM_BATCH + ", 5 min)` then `ack(tx, batch)`, each in "
                + "its own autocommit transaction as the API asks (the lease must be committed before work starts), "
                + "against raw `SELECT msg_id, payload ... ORDER BY msg_id LIMIT " + Bench.CLAIM_BATCH
                + " FOR UPDATE SKIP LOCKED` + `DELETE ... WHERE msg_id = ANY(?)` + `COMMIT` (one transaction, no "
                + "lease: a crash loses nothing only because the row lock goes away). Each run starts from a fresh "
                + "backlog of " + String.format(Locale.ROOT, "%,d", settings.backlog()) + " messages (vacuumed and "
                + "analyzed); a run that drains it stops early and its rate counts up to the drain.\n"
                + "- latency: one producer sends at a fixed rate in autocommit with `System.nanoTime()` in the payload;"
                + " a `Consumer` (on an 8-connection pool, LISTEN, concurrency 4, batch size 10, poll interval 5 s so only the NOTIFY makes it "
                + "fast) records when the handler starts. Warm-up sends are discarded. Measured from the start of "
                + "`send`, so a producer that falls behind its schedule is not counted against pgmq "
                + "(the note gives the rate achieved). Raw: the floor any LISTEN consumer has on this machine, "
                + "measured just before at the same rate: a prepared `INSERT ... RETURNING msg_id` into `raw_latency` "
                + "(same `pg_mq_notify` trigger) and a thread on its own connection receiving the notification; no "
                + "claim, no ack.\n"
                + "- idle consumer CPU: a `Consumer` with default settings (LISTEN, poll interval 5 s) on a channel that "
                + "gets nothing; once it listens and has settled, the CPU time of its threads (`pgmq-*-<channel>`, and "
                + "pgjdbc's timer thread its statement timeouts use) over " + seconds(settings.idleRun())
                + ", as a percentage of one core (ThreadMXBean). The whole JVM's figure is in the note.\n"
                + "- consumer heap: a `Consumer` with a batch handler (batch size " + ConsumerFootprint.BATCH_SIZE
                + ", concurrency " + ConsumerFootprint.CONCURRENCY + ") runs " + seconds(settings.memoryRun())
                + " on an empty channel, then on a backlog of " + String.format(Locale.ROOT, "%,d",
                        settings.memoryBacklog()) + " messages (`INSERT ... SELECT generate_series`, no NOTIFY); every "
                + "0.5 s a full GC is forced and the used heap read. The figure is the peak above the heap before the "
                + "consumer started; it must not exceed the empty run's by more than what the consumer holds by design "
                + "(claimed, running and waiting-for-ack batches) plus 2 MB of noise.\n");
        for (Scenario scenario : Scenario.ALL) {
            md.append("- ").append(scenario.sides(settings)).append('\n');
        }
        md.append("\nNot measured by the harness yet (issue 7):\n\n"
                + "- claim + ack \"no drop from 4 to 8 consumers\": compare the 4- and 8-consumer pgmq rows above; not "
                + "judged automatically.\n");
        return md.toString();
    }

    static void write(Path out, String markdown) throws IOException {
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(out, markdown, StandardCharsets.UTF_8);
    }

    private static String number(double value, String unit) {
        return switch (unit) {
            case "ms", "MB" -> String.format(Locale.ROOT, "%.2f", value);
            case "% of a core" -> String.format(Locale.ROOT, "%.3f", value);
            default -> String.format(Locale.ROOT, "%,.0f", value);
        };
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.0f s", duration.toMillis() / 1000.0);
    }
}
