package io.pgmq.codegen;

import io.pgmq.codegen.emit.SourceWriter;
import io.pgmq.codegen.migrate.MigrationSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Issue 4's performance point, as a benchmark rather than a timed test: a 1,000-channel manifest generates in
 * under 3 s, and an unchanged rebuild takes under 0.2 s in the goal itself.
 *
 * <p>It writes a 1,000-channel manifest into a temporary folder and times {@link Codegen#generate} cold (fresh
 * JVM state, fresh output folder), then unchanged rebuilds in the same JVM (after warm-ups), then an unchanged
 * rebuild in a fresh JVM (class loading included, as in a Maven build without a daemon), and finally
 * {@link Codegen#makeMigrations} for the same manifest. It prints median, min and max next to each target with
 * PASS or FAIL (judged on the median), and exits 1 if a target fails. From the repository root:
 *
 * <pre>
 * ./mvnw -B -q -pl pgmq-codegen-maven-plugin -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/test.classpath -Dmdep.includeScope=test -Dinvoker.skip=true
 * java -cp pgmq-codegen-maven-plugin/target/test-classes:pgmq-codegen-maven-plugin/target/classes:$(cat \
 *     pgmq-codegen-maven-plugin/target/test.classpath) io.pgmq.codegen.CodegenBenchmark [channels] [iterations]
 * </pre>
 *
 * <p>Defaults: 1,000 channels, 20 timed unchanged rebuilds after 5 warm-ups, 5 fresh-JVM rebuilds.
 */
final class CodegenBenchmark {

    private static final double GENERATE_TARGET_MS = 3_000;
    private static final double UNCHANGED_TARGET_MS = 200;
    private static final int WARMUPS = 5;
    private static final int FRESH_JVM_RUNS = 5;
    /** Run in a child JVM: one timed unchanged rebuild, printed as milliseconds. */
    private static final String CHILD = "--child";

    private CodegenBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals(CHILD)) {
            long start = System.nanoTime();
            SourceWriter.Result result = Codegen.generate(Path.of(args[1]), Path.of(args[2]));
            double ms = (System.nanoTime() - start) / 1e6;
            if (result.written() != 0 || result.deleted() != 0) {
                throw new IllegalStateException("an unchanged rebuild changed files: " + result);
            }
            System.out.println(ms);
            return;
        }
        int channels = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Path work = Files.createTempDirectory("pgmq-codegen-bench");
        try {
            System.exit(run(work, channels, iterations) ? 0 : 1);
        } finally {
            deleteTree(work);
        }
    }

    private static boolean run(Path work, int channels, int iterations) throws Exception {
        MigrationSettings settings = MigrationSettings.defaults(work);
        Files.createDirectories(settings.manifest().getParent());
        Files.writeString(settings.manifest(), manifest(channels), StandardCharsets.UTF_8);
        Path out = work.resolve("target/generated-sources/pgmq");
        System.out.printf(Locale.ROOT, "pgmq codegen benchmark: %,d channels, manifest %,d bytes, java %s, %d cpu%n",
                channels, Files.size(settings.manifest()), System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());

        long start = System.nanoTime();
        SourceWriter.Result cold = Codegen.generate(settings.manifest(), out);
        double coldMs = (System.nanoTime() - start) / 1e6;
        check(cold.written() == channels + 1, "cold generate wrote " + cold);

        // a second output folder: a fresh-folder generate once the JIT has seen the code
        List<Double> warmFresh = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Path fresh = work.resolve("fresh-" + i);
            start = System.nanoTime();
            Codegen.generate(settings.manifest(), fresh);
            warmFresh.add((System.nanoTime() - start) / 1e6);
            deleteTree(fresh);
        }

        for (int i = 0; i < WARMUPS; i++) {
            Codegen.generate(settings.manifest(), out);
        }
        List<Double> unchanged = new ArrayList<>();
        for (int i = 0; i < iterations; i++) {
            start = System.nanoTime();
            SourceWriter.Result result = Codegen.generate(settings.manifest(), out);
            unchanged.add((System.nanoTime() - start) / 1e6);
            check(result.written() == 0 && result.deleted() == 0, "unchanged rebuild changed files: " + result);
        }

        List<Double> freshJvm = new ArrayList<>();
        for (int i = 0; i < FRESH_JVM_RUNS; i++) {
            freshJvm.add(childRun(settings.manifest(), out));
        }

        start = System.nanoTime();
        List<Path> migrations = Codegen.makeMigrations(settings);
        double migrationsMs = (System.nanoTime() - start) / 1e6;
        start = System.nanoTime();
        List<Path> again = Codegen.makeMigrations(settings);
        double migrationsAgainMs = (System.nanoTime() - start) / 1e6;
        check(again.isEmpty(), "a second make-migrations wrote " + again);
        start = System.nanoTime();
        List<String> problems = Codegen.check(settings);
        double checkMs = (System.nanoTime() - start) / 1e6;
        check(problems.isEmpty(), "check after make-migrations reported " + problems);

        System.out.printf(Locale.ROOT, "%-52s %9s %9s %9s %8s  %s%n", "scenario", "median ms", "min ms", "max ms",
                "target", "result");
        boolean pass = row("generate, cold JVM, fresh folder (1 run)", List.of(coldMs), GENERATE_TARGET_MS);
        pass &= row("generate, warm JVM, fresh folder (3 runs)", warmFresh, GENERATE_TARGET_MS);
        pass &= row("unchanged rebuild, warm JVM (" + iterations + " runs)", unchanged, UNCHANGED_TARGET_MS);
        pass &= row("unchanged rebuild, fresh JVM (" + FRESH_JVM_RUNS + " runs)", freshJvm, UNCHANGED_TARGET_MS);
        row("make-migrations, first run (" + migrations.size() + " files)", List.of(migrationsMs), Double.NaN);
        row("make-migrations, nothing to do", List.of(migrationsAgainMs), Double.NaN);
        row("check, in order", List.of(checkMs), Double.NaN);
        System.out.println(pass ? "all targets met" : "a target was missed");
        return pass;
    }

    /** A manifest mixing the three types, grants, settings and descriptions, like a large real one. */
    static String manifest(int channels) {
        StringBuilder yaml = new StringBuilder("package: com.acme.bench.channels\nschema: public\nchannels:\n");
        String[] types = {"text", "xml", "bytea"};
        for (int i = 0; i < channels; i++) {
            yaml.append(String.format(Locale.ROOT, "  channel_%04d:%n", i))
                    .append("    type: ").append(types[i % 3]).append('\n')
                    .append("    description: Events of kind ").append(i).append(" for the bench.\n");
            if (i % 2 == 0) {
                yaml.append("    grants: { send: [app_").append(i % 7).append("], receive: [worker_")
                        .append(i % 5).append(", auditor] }\n");
            }
            if (i % 4 == 0) {
                yaml.append("    max_attempts: ").append(3 + i % 5).append('\n')
                        .append("    backoff: { base: 1s, max: 5m }\n")
                        .append("    lease: 30s\n");
            }
        }
        return yaml.toString();
    }

    private static double childRun(Path manifest, Path out) throws IOException, InterruptedException {
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(javaBin.toString(), "-cp", System.getProperty("java.class.path"),
                CodegenBenchmark.class.getName(), CHILD, manifest.toString(), out.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("the fresh-JVM rebuild failed: " + output);
        }
        String[] lines = output.split("\n");
        return Double.parseDouble(lines[lines.length - 1].trim());
    }

    private static boolean row(String scenario, List<Double> millis, double targetMs) {
        List<Double> sorted = millis.stream().sorted().toList();
        double median = sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
                : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
        boolean pass = Double.isNaN(targetMs) || median < targetMs;
        System.out.printf(Locale.ROOT, "%-52s %9.1f %9.1f %9.1f %8s  %s%n", scenario, median, sorted.get(0),
                sorted.get(sorted.size() - 1), Double.isNaN(targetMs) ? "-" : String.format(Locale.ROOT, "%.0f",
                        targetMs), Double.isNaN(targetMs) ? "-" : pass ? "PASS" : "FAIL");
        return pass;
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
