package io.pgmq.bench;

import io.pgmq.test.PgmqDatabase;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The benchmark harness of issue 7: creates a scratch database (embedded PostgreSQL 17, or {@code --jdbc-url}'s
 * server), measures every scenario against its raw JDBC baseline in interleaved rounds, prints progress and writes
 * the report. Exit status 0 when every target is met, 1 when one is missed.
 */
@Command(name = "pgmq-bench", mixinStandardHelpOptions = true,
        description = "Measures pgmq against raw JDBC on the same PostgreSQL in the same run; writes bench/RESULTS.md.")
public final class BenchMain implements Callable<Integer> {

    @Option(names = "--jdbc-url", description = "An existing server, e.g. jdbc:postgresql://127.0.0.1:5432/postgres; "
            + "a scratch database is created there and dropped. Default: embedded PostgreSQL 17.")
    String jdbcUrl;

    @Option(names = "--user", description = "User for --jdbc-url (needs CREATEDB).")
    String user;

    @Option(names = "--password", description = "Password for --jdbc-url.")
    String password;

    @Option(names = "--seconds", defaultValue = "2", description = "Seconds per timed run (default ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--rounds", defaultValue = "3", description = "Interleaved rounds (default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--smoke", description = "A few-second run that proves the harness works (0.5 s per run, 1 round).")
    boolean smoke;

    @Option(names = "--out", defaultValue = "bench/RESULTS.md", description = "Report file (default ${DEFAULT-VALUE}).")
    Path out;

    @Spec
    CommandSpec spec;

    @Option(names = "--only", paramLabel = "SCENARIO", description = "Runs only this scenario (a class of "
            + "Scenario.ALL, e.g. SqlGetBench) and merges its rows into the existing report, leaving the other rows "
            + "as they are.")
    String only;

    /** Runs the harness from the command line; exits with the status {@link #call()} returns. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (jdbcUrl != null) {
            // pgmq-test's shared server reads its URL from this property; it takes user/password as URL parameters
            System.setProperty("pgmq.test.jdbcUrl", withCredentials(jdbcUrl, user, password));
        }
        Settings settings = smoke ? Settings.smokeRun() : Settings.fullRun(seconds, rounds);
        List<Row> rows;
        if (only == null) {
            rows = run(settings, out, System.out);
        } else {
            Scenario scenario = scenario(only).orElseThrow(() -> new ParameterException(spec.commandLine(),
                    "--only " + only + " is not a scenario: expected one of " + Scenario.ALL.stream()
                            .map(s -> s.getClass().getSimpleName()).toList()));
            if (!Files.isRegularFile(out)) {
                throw new ParameterException(spec.commandLine(), "--only merges into an existing report, and " + out
                        + " does not exist: run the whole harness once first");
            }
            rows = runOnly(scenario, settings, out, System.out);
        }
        return rows.stream().allMatch(Row::pass) ? 0 : 1;
    }

    /** The scenario of {@link Scenario#ALL} whose class is named {@code name}, if any. */
    static Optional<Scenario> scenario(String name) {
        return Scenario.ALL.stream().filter(s -> s.getClass().getSimpleName().equals(name)).findFirst();
    }

    /**
     * Runs one scenario on a fresh database and merges its rows into the report at {@code out}, which a full run must
     * have written; returns its rows.
     */
    static List<Row> runOnly(Scenario scenario, Settings settings, Path out, PrintStream progress) throws Exception {
        String name = scenario.getClass().getSimpleName();
        String report = Files.readString(out, StandardCharsets.UTF_8);
        progress.println("pgmq-bench: creating a scratch database for " + name + (settings.smoke() ? " (smoke run)"
                : ""));
        try (PgmqDatabase db = PgmqDatabase.create("public", "classpath:db/pgmq")) {
            Machine machine = prepare(db, progress);
            List<Row> rows = scenario.run(db.dataSource(), settings, progress);
            String runLine = String.format(Locale.ROOT, "(its rows; every other row is from the run above): %s, %s, "
                            + "%.1f s per run, %d interleaved round%s, load average at start %s (at end %s), "
                            + "PostgreSQL %s, synchronous_commit=%s, fsync=%s",
                    settings.smoke() ? "**smoke** (figures decide nothing)" : "full",
                    Instant.now().truncatedTo(ChronoUnit.SECONDS), settings.run().toMillis() / 1000.0,
                    settings.rounds(), settings.rounds() == 1 ? "" : "s", machine.loadAverage(),
                    Machine.currentLoadAverage(), machine.postgres(), machine.synchronousCommit(), machine.fsync());
            Report.write(out, ReportMerge.merge(report, name, rows, scenario.sides(settings), runLine));
            printVerdicts(rows, progress);
            progress.println("pgmq-bench: merged " + rows.size() + " rows into " + out);
            return rows;
        }
    }

    /** Runs every scenario on a fresh database, writes the report to {@code out} and returns its rows. */
    static List<Row> run(Settings settings, Path out, PrintStream progress) throws Exception {
        progress.println("pgmq-bench: creating a scratch database" + (settings.smoke() ? " (smoke run)" : ""));
        try (PgmqDatabase db = PgmqDatabase.create("public", "classpath:db/pgmq")) {
            Machine machine = prepare(db, progress);
            List<Row> rows = new ArrayList<>(new Bench(db.dataSource(), settings, progress).run());
            rows.addAll(new ConsumerFootprint(db.dataSource(), settings, progress).run());
            for (Scenario scenario : Scenario.ALL) {
                rows.addAll(scenario.run(db.dataSource(), settings, progress));
            }
            Report.write(out, Report.render(rows, machine, settings, Instant.now()));
            printVerdicts(rows, progress);
            progress.println("pgmq-bench: wrote " + out);
            return rows;
        }
    }

    /** Tunes the harness's own server (never a user's) and describes where the figures are taken. */
    private static Machine prepare(PgmqDatabase db, PrintStream progress) throws SQLException {
        Machine machine;
        try (Connection c = db.connect()) {
            if (onItsOwnServer()) {
                tuneAsAQueueServer(c, progress);
            }
            machine = Machine.of(c, db.jdbcUrl().replaceAll("([?&])password=[^&]*&?", "$1"));
        }
        progress.printf("pgmq-bench: PostgreSQL %s, synchronous_commit=%s, fsync=%s, %d cores%n",
                machine.postgres(), machine.synchronousCommit(), machine.fsync(), machine.cores());
        return machine;
    }

    private static void printVerdicts(List<Row> rows, PrintStream progress) {
        for (Row row : rows) {
            progress.printf("%-66s %s%n", row.scenario(), Row.NO_TARGET.equals(row.target()) ? "(reference)"
                    : row.pass() ? "PASS" : "FAIL");
        }
    }

    /**
     * True when the harness runs on the embedded server pgmq-test started for it (no {@code --jdbc-url}, no
     * {@code PGMQ_TEST_JDBC_URL}): a throwaway cluster whose settings it may change. A server of the user's is never
     * reconfigured.
     */
    private static boolean onItsOwnServer() {
        return System.getenv("PGMQ_TEST_JDBC_URL") == null && System.getProperty("pgmq.test.jdbcUrl") == null
                && !Boolean.parseBoolean(System.getenv("PGMQ_TEST_CONTAINERS"))
                && !Boolean.getBoolean("pgmq.test.containers");
    }

    /**
     * Sets the one server setting README recommends for a database that carries busy queues: autovacuum every 5 s
     * instead of every minute. A queue table collects a dead tuple per message between two autovacuum visits, and the
     * visit interval is the server-wide naptime, which no per-table setting can shorten (bench/README.md, "Steady
     * state"). The report's PostgreSQL line shows the setting.
     */
    private static void tuneAsAQueueServer(Connection c, PrintStream progress) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("ALTER SYSTEM SET autovacuum_naptime = '5s'");
            s.execute("SELECT pg_reload_conf()");
        }
        progress.println("pgmq-bench: embedded server set to autovacuum_naptime = 5s, as README recommends for queues");
    }

    private static String withCredentials(String url, String user, String password) {
        StringBuilder s = new StringBuilder(url);
        char sep = url.contains("?") ? '&' : '?';
        if (user != null) {
            s.append(sep).append("user=").append(URLEncoder.encode(user, StandardCharsets.UTF_8));
            sep = '&';
        }
        if (password != null) {
            s.append(sep).append("password=").append(URLEncoder.encode(password, StandardCharsets.UTF_8));
        }
        return s.toString();
    }
}
