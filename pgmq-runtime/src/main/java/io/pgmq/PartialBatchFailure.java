package io.pgmq;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Thrown by a {@link MessageHandler.Batch} to fail some messages of its batch and complete the others: the consumer
 * acks every delivery of the batch whose {@code msgId} is not a key of {@link #failures()}, and nacks each one that
 * is, with its own exception as the message's last error, so it is retried under the channel's backoff or becomes a
 * dead letter. Any other exception from a batch handler fails the whole batch.
 *
 * <p>Keys that are not the id of a delivery of the failing batch are ignored and logged. A {@link MessageHandler}
 * may throw it too; for a single delivery it means the same as failing it. Immutable and safe to share.
 */
public final class PartialBatchFailure extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Map<Long, Exception> failures;

    /**
     * Fails the messages keyed by {@code msgId} with their exception.
     *
     * @param failures the failed messages' ids, each with the exception that becomes its last error; not empty
     * @throws IllegalArgumentException if {@code failures} is empty (return normally to ack the whole batch)
     * @throws NullPointerException if {@code failures}, a key or an exception is null
     */
    public PartialBatchFailure(Map<Long, ? extends Exception> failures) {
        super(describe(failures));
        this.failures = Map.copyOf(failures);
    }

    /**
     * The failed messages by {@code msgId}, each with the exception that becomes its last error.
     *
     * @return an unmodifiable map, never empty
     */
    public Map<Long, Exception> failures() {
        return failures;
    }

    /**
     * The failed ids that are not the id of a message of the batch ({@code batchIds}), ascending: a handler's mistake,
     * which the consumer logs and ignores.
     */
    Set<Long> strangers(Collection<Long> batchIds) {
        Set<Long> strangers = new TreeSet<>(failures.keySet());
        strangers.removeAll(batchIds);
        return strangers;
    }

    private static String describe(Map<Long, ? extends Exception> failures) {
        Objects.requireNonNull(failures, "failures");
        if (failures.isEmpty()) {
            throw new IllegalArgumentException("a PartialBatchFailure needs at least one failed msgId; return "
                    + "normally from the handler to ack the whole batch");
        }
        Map<Long, String> shown = new LinkedHashMap<>();
        failures.forEach((id, e) -> shown.put(Objects.requireNonNull(id, "msgId"),
                Objects.requireNonNull(e, "exception for msgId " + id).toString()));
        return failures.size() + " message(s) of the batch failed: " + shown;
    }
}
