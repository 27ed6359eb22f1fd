package io.pgmq.fault;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The faults a scenario injected, in order, on this JVM's clock: what explains a repeat (the fault that kept a
 * handler's ack from landing) and where recovery is measured from (the fault's end). Thread-safe.
 */
final class Timeline {

    /**
     * One injected fault.
     *
     * @param label what happened, e.g. {@code "consumer JVM killed"}
     * @param start when it began
     * @param end   when it ended (the same instant for a kill)
     */
    record Fault(String label, Instant start, Instant end) {
        Fault {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
            if (end.isBefore(start)) {
                throw new IllegalArgumentException("fault \"" + label + "\" ends at " + end + " before it starts at "
                        + start);
            }
        }

        /** Whether the fault overlaps the interval {@code [from, to]}. */
        boolean overlaps(Instant from, Instant to) {
            return !end.isBefore(from) && !start.isAfter(to);
        }
    }

    private final List<Fault> faults = new ArrayList<>();

    /** Records a fault that lasted from {@code start} to {@code end}. */
    synchronized void record(String label, Instant start, Instant end) {
        faults.add(new Fault(label, start, end));
    }

    /** Records a fault that happened at one instant, such as a kill. */
    synchronized void record(String label, Instant at) {
        record(label, at, at);
    }

    /** The faults in the order they were recorded. */
    synchronized List<Fault> faults() {
        return List.copyOf(faults);
    }

    /**
     * The first fault that overlaps {@code [from, to]} widened by {@code slack} on both sides: what most likely kept an
     * ack that was due in that interval from landing.
     */
    synchronized Optional<Fault> during(Instant from, Instant to, Duration slack) {
        Instant a = from.minus(slack);
        Instant b = to.plus(slack);
        return faults.stream().filter(f -> f.overlaps(a, b)).findFirst();
    }
}
