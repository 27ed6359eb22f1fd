package io.pgmq.bench;

import io.pgmq.codegen.Codegen;
import io.pgmq.codegen.emit.SourceWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.openjdk.jmh.util.Statistics;
import org.openjdk.jmh.util.Version;

/**
 * Issue 4's performance point, with JMH: a {@value #CHANNELS}-channel manifest generates in under 3 s cold, and an
 * unchanged rebuild takes under 0.2 s. The generate and the fresh-JVM rebuild are single shots, each in a fork of
 * its own (a fresh JVM: the generator's classes load inside the timed call, as in a Maven build without a daemon);
 * the warm rebuild is JMH's average time after warm-up iterations. No database and no baseline (issue 7 names none).
 */
final class CodegenBench implements Scenario {

    static final int CHANNELS = 1_000;
    static final int SMOKE_CHANNELS = 100;
    static final double GENERATE_TARGET_MS = 3_000;
    static final double REBUILD_TARGET_MS = 200;

    /** Forks and iterations of one run. */
    private record Plan(int channels, int forks, int warmupIterations, int iterations, TimeValue iterationTime) {
    }

    @Override
    public List<Row> run(DataSource dataSource, Settings settings, PrintStream progress)
            throws IOException, RunnerException {
        Plan plan = settings.smoke() ? new Plan(SMOKE_CHANNELS, 1, 1, 1, TimeValue.milliseconds(200))
                : new Plan(CHANNELS, 5, 3, 5, TimeValue.seconds(1));
        Path work = Files.createTempDirectory("pgmq-bench-codegen");
        try {
            Path manifest = work.resolve("channels.yaml");
            Files.writeString(manifest, manifest(plan.channels()), StandardCharsets.UTF_8);
            Path generated = work.resolve("generated");
            SourceWriter.Result first = Codegen.generate(manifest, generated);
            if (first.written() != plan.channels() + 1) {
                throw new IllegalStateException("codegen: generating " + plan.channels() + " channels wrote " + first);
            }
            Path scratch = Files.createDirectories(work.resolve("fresh"));
            String prefix = String.format(Locale.ROOT, "codegen, %,d channels", plan.channels());
            progress.printf(Locale.ROOT, "codegen    %,d channels, manifest %,d bytes: JMH, %d fork(s) per single "
                    + "shot%n", plan.channels(), Files.size(manifest), plan.forks());

            Statistics cold = jmh("generate", single(plan), manifest, generated, scratch, progress);
            Statistics freshRebuild = jmh("unchangedRebuild", single(plan), manifest, generated, scratch, progress);
            Statistics warmRebuild = jmh("unchangedRebuild", new OptionsBuilder().mode(Mode.AverageTime).forks(1)
                    .warmupIterations(plan.warmupIterations()).warmupTime(plan.iterationTime())
                    .measurementIterations(plan.iterations()).measurementTime(plan.iterationTime()),
                    manifest, generated, scratch, progress);
            return List.of(
                    row(prefix + ": generate, fresh JVM", cold, GENERATE_TARGET_MS,
                            "single shot into an empty folder; median of " + cold.getN() + " forks"),
                    row(prefix + ": unchanged rebuild, fresh JVM", freshRebuild, REBUILD_TARGET_MS,
                            "single shot; median of " + freshRebuild.getN() + " forks"),
                    row(prefix + ": unchanged rebuild, warm JVM", warmRebuild, REBUILD_TARGET_MS,
                            "JMH average time; median of " + warmRebuild.getN() + " iterations after "
                                    + plan.warmupIterations() + " warm-up"));
        } finally {
            deleteTree(work);
        }
    }

    @Override
    public String sides(Settings settings) {
        int channels = settings.smoke() ? SMOKE_CHANNELS : CHANNELS;
        return String.format(Locale.ROOT, "codegen: `io.pgmq.codegen.Codegen.generate` (what the Maven goal runs) on a "
                + "%,d-channel manifest (the three payload types, grants on half, settings on a quarter), timed with "
                + "JMH %s: a single shot per fork (a fresh JVM, so class loading is inside the time) into an empty "
                + "folder, and again into a folder that already holds the output (an unchanged rebuild, which the "
                + "generate stamp answers without parsing); the warm rebuild is JMH's average time in one fork after "
                + "warm-up. No raw baseline.", channels, Version.getPlainVersion());
    }

    private static ChainedOptionsBuilder single(Plan plan) {
        return new OptionsBuilder().mode(Mode.SingleShotTime).forks(plan.forks()).warmupIterations(0)
                .measurementIterations(1);
    }

    /** Runs one benchmark method of {@link CodegenJmh} and returns its times in milliseconds. */
    private static Statistics jmh(String method, ChainedOptionsBuilder options, Path manifest, Path generated,
                                  Path scratch, PrintStream progress) throws RunnerException {
        long start = System.nanoTime();
        Collection<RunResult> results = new Runner(options
                .include("^" + Pattern.quote(CodegenJmh.class.getName() + "." + method) + "$")
                .timeUnit(TimeUnit.MILLISECONDS)
                .param("manifest", manifest.toString())
                .param("generated", generated.toString())
                .param("scratch", scratch.toString())
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT)
                .build()).run();
        if (results.size() != 1) {
            throw new IllegalStateException("codegen: JMH ran " + results.size() + " benchmarks for " + method);
        }
        Statistics stats = results.iterator().next().getPrimaryResult().getStatistics();
        progress.printf(Locale.ROOT, "codegen    %-18s median %9.2f ms  min %9.2f  max %9.2f  (%d samples, %.1f s)%n",
                method, stats.getPercentile(50), stats.getMin(), stats.getMax(), stats.getN(),
                (System.nanoTime() - start) / 1e9);
        return stats;
    }

    private static Row row(String scenario, Statistics stats, double targetMs, String note) {
        double median = stats.getPercentile(50);
        return new Row(scenario, "ms", median, OptionalDouble.empty(), List.of(median),
                String.format(Locale.ROOT, "< %,.0f ms", targetMs), median < targetMs,
                String.format(Locale.ROOT, "%s, min %.1f, max %.1f ms", note, stats.getMin(), stats.getMax()));
    }

    /** A manifest mixing the three types, grants, settings and descriptions, like a large real one. */
    static String manifest(int channels) {
        StringBuilder yaml = new StringBuilder("package: com.acme.bench.channels\nschema: public\nchannels:\n");
        String[] types = {"text", "xml", "bytea"};
        for (int i = 0; i < channels; i++) {
            yaml.append(String.format(Locale.ROOT, "  channel_%04d:\n", i))
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

    static void deleteTree(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
