package io.pgmq.fault;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Renders docs/reliability.md from one run's rows. */
final class Report {

    /** The command that regenerates docs/reliability.md, from the repository root. */
    static final String COMMAND = "./mvnw -q -B package -DskipTests -pl pgmq-fault -am && "
            + "java -jar pgmq-fault/target/pgmq-fault.jar";

    /** How many repeats per scenario the report spells out. */
    private static final int REPEATS_SHOWN = 5;

    /**
     * What the run was, for the report's header.
     *
     * @param size  its size
     * @param at    when it started
     * @param took  how long it took
     * @param cores the machine's cores
     */
    record RunInfo(Size size, Instant at, Duration took, int cores) {
    }

    private Report() {
    }

    static String render(List<Row> rows, Optional<PrivilegeMatrix> matrix, RunInfo run) {
        StringBuilder md = new StringBuilder();
        md.append("# Reliability under faults\n\n");
        md.append("Written by `io.pgmq.fault.FaultMain` (module `pgmq-fault`); do not edit by hand (the last section "
                + "comes from `pgmq-fault/src/main/resources/io/pgmq/fault/findings.md`). Regenerate from the "
                + "repository root with\n\n```\n").append(COMMAND).append("\n```\n\n");
        md.append("(`--jdbc-url jdbc:postgresql://127.0.0.1:5432/postgres --user postgres` runs it on a server of yours, "
                + "where each scenario creates and drops a scratch database; scenario 3 always starts an embedded "
                + "server of its own, since it stops it. `--size scaled` is the few-second version `./mvnw verify` "
                + "runs. Exit status 1 when a row fails.)\n\n");
        md.append(String.format(Locale.ROOT, "- run: **%s** size, %s, %s in all, %d cores (client and server on one "
                        + "host)\n", run.size().label(), run.at().truncatedTo(ChronoUnit.SECONDS),
                minutes(run.took()), run.cores()));
        md.append("- every scenario runs real producers and `Consumer`s (HikariCP pools, as applications run them) on "
                + "a fresh database, migrated with pgmq's core. Producers send ids 1..n, each in a business "
                + "transaction that also writes the id to `fault_sent`; handlers write each id to `fault_ledger` in "
                + "the transaction of their effect (the `handler` and `batchHandler` kinds in a transaction of their "
                + "own before they return, so before the ack; the `transactionalHandler` kind in the consumer's "
                + "transaction, which completes the message)\n");
        md.append("- **lost**: committed (in `fault_sent`) and never in `fault_ledger`; must be 0. The run also fails on "
                + "a handled id whose send never committed, a handling of another message than its id's, and a "
                + "dead letter (channels allow " + FaultSchema.MAX_ATTEMPTS + " attempts, backoff 100 ms to 1 s)\n");
        md.append("- **handled twice**: more than one ledger row for an id. Each repeat is explained from its two "
                + "rows or fails the run: *lease expired* means the earlier handling was on a lease, the repeat came "
                + "on a higher attempt under a new lease after that lease's end, so the earlier ack never landed; the "
                + "fault named is the one between the two handlings (a killed JVM, a terminated backend, ...). "
                + "*commit reply lost* means the earlier handler's COMMIT happened but its reply was lost, so it "
                + "threw and the message was nacked (the repeat's last error names the earlier lease)\n");
        md.append("- **recovery**: after a fault ended, how long until the last message a producer had first tried to "
                + "send before its end was handled (the longest over a scenario's faults; — without a fault); it "
                + "includes a lease running out where a holder died\n\n");

        md.append("| # | scenario | setup | server | messages | lost | handled twice (why) | recovery | took | result |\n");
        md.append("|---|---|---|---|---:|---:|---|---:|---:|---|\n");
        for (Row row : rows) {
            md.append(line(row)).append('\n');
        }
        md.append("\n## Checks and repeats per scenario\n\n");
        for (Row row : rows) {
            md.append(details(row));
        }
        md.append("\n## Privilege matrix\n\n").append(matrixSection(matrix)).append("\n\n");
        md.append(findings());
        return md.toString();
    }

    /** The row's line of the table. */
    static String line(Row row) {
        Tally t = row.tally();
        return "| " + row.number() + " | " + row.title() + " | " + row.setup() + " | " + row.server() + " | "
                + String.format(Locale.ROOT, "%,d", t.committed()) + " | " + t.lostCount() + " | "
                + row.repeatsCell() + " | " + row.recovery().map(Report::seconds).orElse("—") + " | "
                + seconds(row.took()) + " | " + (row.pass() ? "PASS" : "**FAIL**") + " |";
    }

    /** The row's checks, its repeats (the first few) and what failed, as a list. */
    static String details(Row row) {
        StringBuilder md = new StringBuilder();
        md.append("- **").append(row.number()).append(" ").append(row.title()).append("**: ")
                .append(String.format(Locale.ROOT, "%,d handlings of %,d messages", row.tally().handled(),
                        row.tally().committed()))
                .append('\n');
        for (Row.Check c : row.checks()) {
            md.append("  - ").append(c.ok() ? "ok" : "**FAILED**").append(": ").append(c.what()).append(" (")
                    .append(c.detail()).append(")\n");
        }
        for (String note : row.notes()) {
            md.append("  - ").append(note).append('\n');
        }
        List<Repeat> repeats = row.tally().repeats();
        for (Repeat r : repeats.subList(0, Math.min(REPEATS_SHOWN, repeats.size()))) {
            md.append("  - repeat: ").append(r.describe()).append('\n');
        }
        if (repeats.size() > REPEATS_SHOWN) {
            md.append("  - and ").append(repeats.size() - REPEATS_SHOWN).append(" more repeats\n");
        }
        for (String failure : row.failures()) {
            if (!failure.startsWith("check failed")) {
                md.append("  - **").append(failure).append("**\n");
            }
        }
        return md.toString();
    }

    private static String matrixSection(Optional<PrivilegeMatrix> matrix) {
        if (matrix.isEmpty()) {
            return "Not in this report: `" + PrivilegeMatrix.DEFAULT_FILE + "` was missing when it was written. "
                    + "Run `" + PrivilegeMatrix.COMMAND + "`, then the command above again.";
        }
        PrivilegeMatrix m = matrix.get();
        return String.format(Locale.ROOT, "pgmq-test's `PrivilegeMatrixTest`, generated from the catalog: %,d "
                        + "functions and %,d channel-table columns, tried by %,d roles, in %d schemas (%s): %,d cases, "
                        + "%,d passed: **%s**.", m.functions(), m.columns(), m.roles(), m.schemas().size(),
                String.join(", ", m.schemas()), m.cases(),
                m.passed(), m.pass() ? "PASS" : "FAIL");
    }

    private static String findings() {
        try (InputStream in = Report.class.getResourceAsStream("findings.md")) {
            if (in == null) {
                throw new IllegalStateException("pgmq-fault: resource io/pgmq/fault/findings.md is missing from the "
                        + "classpath; rebuild the module");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String seconds(Duration d) {
        return d.compareTo(Duration.ofSeconds(1)) < 0
                ? String.format(Locale.ROOT, "%.2f s", d.toMillis() / 1000.0) : Run.seconds(d);
    }

    private static String minutes(Duration d) {
        return String.format(Locale.ROOT, "%d min %02d s", d.toMinutes(), d.toSecondsPart());
    }
}
