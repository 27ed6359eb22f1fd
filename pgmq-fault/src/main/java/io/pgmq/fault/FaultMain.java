package io.pgmq.fault;

import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The fault suite of issue 14 at full size: runs every scenario, each on a scratch database (embedded PostgreSQL 17,
 * or {@code --jdbc-url}'s server), prints each row as it finishes and writes docs/reliability.md. Exit status 0 when
 * every row passes, 1 when one fails.
 */
@Command(name = "pgmq-fault", mixinStandardHelpOptions = true,
        description = "Runs pgmq's fault suite and writes docs/reliability.md.")
public final class FaultMain implements Callable<Integer> {

    private Instant started;

    @Option(names = "--jdbc-url", description = "An existing server, e.g. jdbc:postgresql://127.0.0.1:5432/postgres; "
            + "each scenario creates and drops a scratch database there (scenario 3 starts an embedded server of "
            + "its own anyway). Default: embedded PostgreSQL 17.")
    String jdbcUrl;

    @Option(names = "--user", description = "User for --jdbc-url (needs CREATEDB and pg_signal_backend).")
    String user;

    @Option(names = "--password", description = "Password for --jdbc-url.")
    String password;

    @Option(names = "--size", defaultValue = "FULL",
            description = "full (the sizes of issue 14) or scaled (what ./mvnw verify runs); default ${DEFAULT-VALUE}.")
    Size size;

    @Option(names = "--out", defaultValue = "docs/reliability.md", description = "Report file (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--matrix", description = "The privilege matrix's result (default ${DEFAULT-VALUE}).")
    Path matrix = PrivilegeMatrix.DEFAULT_FILE;

    @Option(names = "--work-dir", defaultValue = "pgmq-fault/target/fault-work",
            description = "Consumer JVM logs and the restart scenario's data directory (default ${DEFAULT-VALUE}).")
    Path workDir;

    /** Runs the suite from the command line; exits with the status {@link #call()} returns. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new FaultMain()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        started = Instant.now();
        if (jdbcUrl != null) {
            // pgmq-test's shared server reads its URL from this property; it takes user/password as URL parameters
            System.setProperty("pgmq.test.jdbcUrl", withCredentials(jdbcUrl, user, password));
        }
        // read before the run: a bad file must not cost a full run's report
        Optional<PrivilegeMatrix> m = PrivilegeMatrix.read(matrix);
        List<Row> rows = run(size, workDir, System.out);
        if (m.isEmpty()) {
            System.out.println("pgmq-fault: " + matrix + " is missing; the report says so. Run "
                    + PrivilegeMatrix.COMMAND + " first to include the privilege matrix.");
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, Report.render(rows, m, new Report.RunInfo(size, started, Duration.between(started,
                Instant.now()), Runtime.getRuntime().availableProcessors())), StandardCharsets.UTF_8);
        System.out.println("pgmq-fault: wrote " + out);
        return rows.stream().allMatch(Row::pass) ? 0 : 1;
    }

    /** Runs every scenario at {@code size}, one after the other, printing each row as it finishes. */
    static List<Row> run(Size size, Path workDir, PrintStream progress) throws Exception {
        List<Row> rows = new ArrayList<>();
        for (Scenario scenario : Scenario.ALL) {
            progress.printf("pgmq-fault: %s %s (%s)...%n", scenario.number(), scenario.title(), size.label());
            Row row = scenario.run(size, workDir);
            rows.add(row);
            progress.println(Report.line(row));
            for (String failure : row.failures()) {
                progress.println("  " + failure);
            }
        }
        return rows;
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
