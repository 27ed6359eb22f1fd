package io.pgmq.codegen.manifest;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * One channel of a manifest, validated.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the channel name, {@code lower_snake}, at most {@value #MAX_NAME_BYTES} bytes
 * @param type the payload type
 * @param description the Javadoc text, if any
 * @param grants the send and receive grants
 * @param maxAttempts deliveries before a message is dead, if set
 * @param backoffBase the first retry delay, if set
 * @param backoffMax the longest retry delay, if set
 * @param lease how long a received message stays leased, if set
 * @param keepAcked whether an ack keeps the message (marked delivered, until retention purges it) rather than deleting
 *     it, if set (the database's default is {@code false}: an ack deletes)
 * @param fillfactor how full the queue table fills its pages, {@value #MIN_FILLFACTOR}..{@value #MAX_FILLFACTOR},
 *     if set (tables are created with {@value #DEFAULT_FILLFACTOR}, which leaves room for lease claims' in-place
 *     updates; 100 packs pages for channels consumed only with locked claims)
 * @param retention how long acked and delivered messages are kept, if set (the database's default is 7 days)
 * @param deadRetention how long dead letters are kept after they died, if set (the database's default is 30 days)
 * @param notifyMode when sends notify listeners, if set (the database's default is {@link NotifyMode#ALWAYS})
 * @param retired whether the channel is marked for dropping
 * @param position where the channel's name is in the manifest
 */
public record ChannelSpec(
        String name,
        PayloadType type,
        Optional<String> description,
        Grants grants,
        OptionalInt maxAttempts,
        Optional<Duration> backoffBase,
        Optional<Duration> backoffMax,
        Optional<Duration> lease,
        Optional<Boolean> keepAcked,
        OptionalInt fillfactor,
        Optional<Duration> retention,
        Optional<Duration> deadRetention,
        Optional<NotifyMode> notifyMode,
        boolean retired,
        Position position) {

    /** The longest channel name: {@code pg_mq_queue_} plus the name must fit PostgreSQL's 63 bytes. */
    public static final int MAX_NAME_BYTES = 51;

    /** The prefix of every queue table. */
    public static final String TABLE_PREFIX = "pg_mq_queue_";

    /** The lowest fillfactor PostgreSQL accepts for a table. */
    public static final int MIN_FILLFACTOR = 10;

    /** The highest fillfactor: pages packed full. */
    public static final int MAX_FILLFACTOR = 100;

    /** The fillfactor pgmq creates queue tables with. */
    public static final int DEFAULT_FILLFACTOR = 45;

    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

    /** Validates the fields. */
    public ChannelSpec {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()
                || name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw new IllegalArgumentException("name must match [a-z][a-z0-9_]* and be at most "
                    + MAX_NAME_BYTES + " bytes, was \"" + name + "\"");
        }
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(grants, "grants");
        Objects.requireNonNull(maxAttempts, "maxAttempts");
        Objects.requireNonNull(backoffBase, "backoffBase");
        Objects.requireNonNull(backoffMax, "backoffMax");
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(keepAcked, "keepAcked");
        Objects.requireNonNull(fillfactor, "fillfactor");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(deadRetention, "deadRetention");
        Objects.requireNonNull(notifyMode, "notifyMode");
        Objects.requireNonNull(position, "position");
        if (maxAttempts.isPresent() && maxAttempts.getAsInt() < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts.getAsInt());
        }
        if (fillfactor.isPresent()
                && (fillfactor.getAsInt() < MIN_FILLFACTOR || fillfactor.getAsInt() > MAX_FILLFACTOR)) {
            throw new IllegalArgumentException("fillfactor must be " + MIN_FILLFACTOR + ".." + MAX_FILLFACTOR
                    + ", was " + fillfactor.getAsInt());
        }
        requirePositive(retention, "retention");
        requirePositive(deadRetention, "deadRetention");
    }

    private static void requirePositive(Optional<Duration> duration, String parameter) {
        if (duration.isPresent() && (duration.get().isZero() || duration.get().isNegative())) {
            throw new IllegalArgumentException(parameter + " must be positive, was " + duration.get());
        }
    }

    /** Returns the queue table's name, {@code pg_mq_queue_<name>}. */
    public String tableName() {
        return TABLE_PREFIX + name;
    }

    /** Returns the generated class's simple name: {@code order_events} becomes {@code OrderEventsChannel}. */
    public String javaClassName() {
        return JavaNames.className(name);
    }

    /** Returns the constant's name in {@code Channels}: {@code order_events} becomes {@code ORDER_EVENTS}. */
    public String javaConstantName() {
        return JavaNames.constantName(name);
    }
}
