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
 * @param perRound   ratio (or value) of each round, in order
 * @param target     the target as written in issue 7
 * @param pass       whether the target is met
 * @param note       anything that qualifies the figure, or empty
 */
record Row(String scenario, String unit, double pgmq, OptionalDouble raw, List<Double> perRound, String target,
           boolean pass, String note) {

    /** The target of a row reported for reference only (issue 7 sets none): never judged, always passes. */
    static final String NO_TARGET = "—";

    /** pgmq / raw, when there is a raw figure. */
    OptionalDouble ratio() {
        return raw.isPresent() ? OptionalDouble.of(pgmq / raw.getAsDouble()) : OptionalDouble.empty();
    }
}
