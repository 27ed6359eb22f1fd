package io.pgmq.fault;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one scenario: a row of docs/reliability.md.
 *
 * @param number   the scenario's number in the issue, e.g. {@code "2a"}
 * @param title    what the scenario does, e.g. {@code "consumer JVM killed holding leases"}
 * @param setup    its size and shape, e.g. {@code "2,000 msgs, 2 producers x 2 consumers"}
 * @param server   the server it ran on, e.g. {@code "PostgreSQL 17.6"}
 * @param tally    what the ledger says
 * @param recovery the longest recovery from its faults; empty without faults
 * @param checks   the scenario's own checks (the fault really happened, the documented behaviour held)
 * @param notes    what the scenario measured besides, e.g. throughput before, during and after a fault
 * @param took     how long it ran
 */
record Row(String number, String title, String setup, String server, Tally tally, Optional<Duration> recovery,
           List<Check> checks, List<String> notes, Duration took) {

    /**
     * A scenario's own check.
     *
     * @param what   what it checks, e.g. {@code "the killed JVM held leases"}
     * @param ok     whether it held
     * @param detail what was measured
     */
    record Check(String what, boolean ok, String detail) {
        Check {
            Objects.requireNonNull(what, "what");
            Objects.requireNonNull(detail, "detail");
        }
    }

    Row {
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(setup, "setup");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(tally, "tally");
        Objects.requireNonNull(recovery, "recovery");
        checks = List.copyOf(checks);
        notes = List.copyOf(notes);
        Objects.requireNonNull(took, "took");
    }

    /** Nothing lost, every repeat explained, every check held. */
    boolean pass() {
        return tally.clean() && checks.stream().allMatch(Check::ok);
    }

    /** The repeats for the table: {@code "0"} or {@code "3: lease expired, ack lost to: … ×3"}. */
    String repeatsCell() {
        if (tally.repeats().isEmpty()) {
            return "0";
        }
        Map<String, Integer> byWhy = new LinkedHashMap<>();
        for (Repeat r : tally.repeats()) {
            byWhy.merge(r.why().summary(), 1, Integer::sum);
        }
        List<String> parts = new ArrayList<>();
        byWhy.forEach((why, n) -> parts.add(why + " ×" + n));
        return tally.repeats().size() + ": " + String.join("; ", parts);
    }

    /** Everything that failed, one line each, with the ids and sequences of events: empty when the row passes. */
    List<String> failures() {
        List<String> lines = new ArrayList<>();
        Tally t = tally;
        if (t.lostCount() > 0) {
            lines.add(t.lostCount() + " lost (committed, never handled), first ids " + t.lost());
        }
        if (!t.phantoms().isEmpty()) {
            lines.add("handled without a committed send: ids " + t.phantoms());
        }
        for (Handled h : t.mismatched()) {
            lines.add("id " + h.id() + " handled from another message: " + h.describe());
        }
        for (Repeat r : t.unexplained()) {
            lines.add(r.describe());
        }
        if (t.deadLetters() > 0) {
            lines.add(t.deadLetters() + " dead letters");
        }
        for (Check c : checks) {
            if (!c.ok()) {
                lines.add("check failed: " + c.what() + " (" + c.detail() + ")");
            }
        }
        return lines;
    }
}
