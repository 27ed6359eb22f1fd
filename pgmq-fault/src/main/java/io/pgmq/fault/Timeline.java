package io.pgmq.fault;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
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
     * The fault that most likely kept the ack of a message handled at {@code handled} from landing before it was
     * handled again at {@code repeated}: the ack is due just after the handling, so the first fault that had not
     * ended by then and began before the repeat; failing that, the last one that ended at most {@code slack} before
     * the handling (a connection it broke may fail the ack that comes next).
     */
    synchronized Optional<Fault> during(Instant handled, Instant repeated, Duration slack) {
        Optional<Fault> after = faults.stream()
                .filter(f -> !f.end().isBefore(handled) && !f.start().isAfter(repeated))
                .min(Comparator.comparing(Fault::end));
        if (after.isPresent()) {
            return after;
        }
        Instant from = handled.minus(slack);
        return faults.stream().filter(f -> !f.end().isBefore(from) && f.end().isBefore(handled))
                .max(Comparator.comparing(Fault::end));
    }
}
