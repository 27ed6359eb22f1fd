package io.pgmq.bench;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import javax.sql.DataSource;

/**
 * Throughput of several sides of one comparison (pgmq and its raw baselines), measured in the same run: one
 * unrecorded warm-up run per side, then {@link Settings#rounds()} rounds in which every side runs once for
 * {@link Settings#run()}, the order rotating each round so that drift (caches, autovacuum, neighbours) hits every
 * side alike. Not thread-safe.
 */
final class Rounds {

    /** Makes a side's tables ready before each of its runs (e.g. truncates them), on a connection of its own. */
    @FunctionalInterface
    interface Reset {
        void before(Connection c) throws SQLException;
    }

    /**
     * One side: {@code threads} threads, each on its own connection, repeating {@code op}.
     *
     * @param label   short name in progress lines and notes, e.g. {@code pgmq} or {@code raw COPY}
     * @param threads sessions
     * @param reset   run before each of the side's runs
     * @param op      what each thread does
     */
    record Side(String label, int threads, Reset reset, Load.OpFactory op) {
    }

    private Rounds() {
    }

    /**
     * Measures every side and returns its rate (units per second, as its op counts them) per round: {@code
     * result[side][round]}, sides in the order given.
     */
    static double[][] measure(String scenario, List<Side> sides, DataSource dataSource, Settings settings,
                              PrintStream progress) throws SQLException, InterruptedException {
        int n = sides.size();
        for (Side side : sides) {
            Load.Result r = run(scenario, side, dataSource, settings.warmup());
            progress.printf(Locale.ROOT, "warm-up    %-44s %-32s %,12.0f /s%n", scenario, side.label(), r.rate());
        }
        double[][] rates = new double[n][settings.rounds()];
        for (int round = 0; round < settings.rounds(); round++) {
            for (int k = 0; k < n; k++) {
                int i = (k + round) % n;
                Side side = sides.get(i);
                Load.Result r = run(scenario, side, dataSource, settings.run());
                rates[i][round] = r.rate();
                progress.printf(Locale.ROOT, "round %d/%d  %-44s %-32s %,12.0f /s  (%,d in %.2f s)%n", round + 1,
                        settings.rounds(), scenario, side.label(), r.rate(), r.messages(), r.seconds());
            }
        }
        return rates;
    }

    /**
     * A report row comparing pgmq's rates with a raw baseline's from the same rounds: medians, each round's ratio,
     * and their median ({@link Row#ratio()}) judged against {@code target}.
     */
    static Row ratioRow(String scenario, String unit, double[] pgmq, double[] raw, double target, String note) {
        List<Double> perRound = new ArrayList<>(pgmq.length);
        for (int round = 0; round < pgmq.length; round++) {
            perRound.add(pgmq[round] / raw[round]);
        }
        double p = Bench.median(pgmq);
        double r = Bench.median(raw);
        double ratio = Row.pairedRatio(perRound);
        return new Row(scenario, unit, p, OptionalDouble.of(r), perRound,
                ">= " + BigDecimal.valueOf(target).stripTrailingZeros().toPlainString() + "x", ratio >= target, note);
    }

    /** A row comparing pgmq with a raw baseline where issue 7 sets no target: reported, never judged. */
    static Row referenceRow(String scenario, String unit, double[] pgmq, double[] raw, String note) {
        Row judged = ratioRow(scenario, unit, pgmq, raw, 0, note);
        return new Row(scenario, unit, judged.pgmq(), judged.raw(), judged.perRound(), Row.NO_TARGET, true, note);
    }

    private static Load.Result run(String scenario, Side side, DataSource dataSource, Duration duration)
            throws SQLException, InterruptedException {
        try (Connection c = dataSource.getConnection()) {
            side.reset().before(c);
        }
        return Load.run(scenario.replaceAll("[^A-Za-z0-9]+", "-") + "-" + side.label().replaceAll("[^A-Za-z0-9]+",
                "-"), dataSource, side.threads(), duration, side.op());
    }
}
