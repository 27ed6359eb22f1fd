package io.pgmq.fault;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A message handled again after an earlier handling had committed its ledger row, and why that happened.
 *
 * @param earlier the earlier handling
 * @param later   the handling that repeated it
 * @param why     the explanation, or why there is none
 */
record Repeat(Handled earlier, Handled later, Why why) {

    /** Slack around a fault when asking whether it kept an ack from landing: an ack is due just after its handler. */
    private static final Duration FAULT_SLACK = Duration.ofSeconds(1);

    Repeat {
        Objects.requireNonNull(earlier, "earlier");
        Objects.requireNonNull(later, "later");
        Objects.requireNonNull(why, "why");
    }

    /** Why a message was handled again. */
    sealed interface Why permits LeaseExpired, NackedAfterCommit, Unexplained {
        /** A short line for the report's table, the same for every repeat of the same cause. */
        String summary();

        /** Whether at-least-once delivery explains the repeat. */
        default boolean explained() {
            return !(this instanceof Unexplained);
        }
    }

    /**
     * The earlier handling committed, but no ack landed before its lease expired, so the message was claimed again on
     * a higher attempt: the at-least-once case README describes.
     *
     * @param fault the fault between the earlier handling and the repeat that most likely kept the ack from landing
     */
    record LeaseExpired(Optional<Timeline.Fault> fault) implements Why {
        @Override
        public String summary() {
            return fault.map(f -> "lease expired, ack lost to: " + f.label()).orElse("lease expired, no fault near");
        }
    }

    /**
     * The earlier handler's COMMIT reached the server but its reply did not (the connection died), so the handler
     * threw and the consumer nacked the message, whose next attempt carried the nack's error.
     */
    record NackedAfterCommit() implements Why {
        @Override
        public String summary() {
            return "commit reply lost, nacked";
        }
    }

    /**
     * Nothing in pgmq's contract explains it: a finding.
     *
     * @param reason what rule the repeat breaks
     */
    record Unexplained(String reason) implements Why {
        @Override
        public String summary() {
            return "UNEXPLAINED: " + reason;
        }
    }

    /** Explains {@code later} repeating {@code earlier}, with the faults the scenario injected. */
    static Repeat of(Handled earlier, Handled later, Timeline timeline) {
        return new Repeat(earlier, later, explain(earlier, later, timeline));
    }

    private static Why explain(Handled earlier, Handled later, Timeline timeline) {
        if (earlier.leaseToken().isEmpty()) {
            return new Unexplained("a locked claim's handling committed with its completion, yet the message came "
                    + "back");
        }
        if (later.attempt() <= earlier.attempt()) {
            return new Unexplained("delivered again without a higher attempt");
        }
        if (later.leaseToken().equals(earlier.leaseToken())) {
            return new Unexplained("handled twice under one lease");
        }
        String token = earlier.leaseToken().orElseThrow().toString();
        if (later.lastError().filter(e -> e.contains("lease " + token)).isPresent()) {
            return new NackedAfterCommit();
        }
        if (later.handledAt().isBefore(earlier.leaseExpiresAt().orElseThrow())) {
            return new Unexplained("claimed again before the earlier lease expired");
        }
        return new LeaseExpired(timeline.during(earlier.handledAt(), later.handledAt(), FAULT_SLACK));
    }

    /** The whole sequence of events, for the report's details and a failing test's message. */
    String describe() {
        return "id " + earlier.id() + ": " + earlier.describe() + ", then " + later.describe() + ": "
                + why.summary();
    }
}
