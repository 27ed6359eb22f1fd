package io.pgmq.bench;

import java.util.List;
import java.util.OptionalDouble;

/**
 * One line of bench/RESULTS.md.
 *
 * @param scenario   what was measured, e.g. {@code send autocommit, 4 threads}
 * @param unit       unit of {@code pgmq} and {@code raw}
 * @param pgmq       pgmq's figure (median of the rounds)
 * @param raw        the raw baseline's figure from the same run, empty when there is none
 * @param perRound   ratio (pgmq / raw in that round) or value of each round, in order
 * @param target     the target as written in issue 7
 * @param pass       whether the target is met
 * @param note       anything that qualifies the figure, or empty
 */
record Row(String scenario, String unit, double pgmq, OptionalDouble raw, List<Double> perRound, String target,
           boolean pass, String note) {

    /** The target of a row reported for reference only (issue 7 sets none): never judged, always passes. */
    static final String NO_TARGET = "—";

    /**
     * pgmq / raw, when there is a raw figure: the median of the per-round ratios where there are rounds, else the
     * ratio of the two figures. Each round runs both sides back to back, so a round's ratio compares them under the
     * same load; the ratio of the two medians can pair a fast round of one side with a slow round of the other
     * (measured: per-round ratios 0.950 0.942 0.944 1.005 0.696, ratio of the medians 0.834).
     */
    OptionalDouble ratio() {
        if (raw.isEmpty()) {
            return OptionalDouble.empty();
        }
        if (perRound.isEmpty()) {
            return OptionalDouble.of(pgmq / raw.getAsDouble());
        }
        return OptionalDouble.of(pairedRatio(perRound));
    }

    /** The ratio a row with rounds is judged on: the median of its per-round ratios (see {@link #ratio()}). */
    static double pairedRatio(List<Double> perRound) {
        return Bench.median(perRound.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
