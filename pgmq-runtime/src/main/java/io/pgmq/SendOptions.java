package io.pgmq;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How to send one message: when it becomes claimable, its {@link Headers} and its deduplication key, e.g.
 * {@code SendOptions.delay(Duration.ofMinutes(5)).header("tenant", "acme").dedupKey("invoice-42")}.
 *
 * <p>A deduplication key makes a send of a key still taken on the channel (its message ready, delayed, leased, dead,
 * or done within the channel's dedup window) insert nothing and return the holder's id ({@link SendResult#duplicate}).
 * Immutable and thread-safe; every method returns a new instance.
 */
public final class SendOptions {

    private static final SendOptions NONE = new SendOptions(null, null, Headers.empty(), null);

    private final Duration delay;
    private final Instant deliverAt;
    private final Headers headers;
    private final String dedupKey;

    private SendOptions(Duration delay, Instant deliverAt, Headers headers, String dedupKey) {
        this.delay = delay;
        this.deliverAt = deliverAt;
        this.headers = headers;
        this.dedupKey = dedupKey;
    }

    /**
     * No delay, headers or key: a plain send.
     *
     * @return the options
     */
    public static SendOptions none() {
        return NONE;
    }

    /**
     * Claimable {@code delay} after the send, on the database's clock.
     *
     * @param delay not negative
     * @return the options
     * @throws IllegalArgumentException if {@code delay} is negative
     */
    public static SendOptions delay(Duration delay) {
        return new SendOptions(Arguments.notNegative("delay", delay), null, Headers.empty(), null);
    }

    /**
     * Claimable at {@code deliverAt}, on the database's clock.
     *
     * @param deliverAt not null
     * @return the options
     */
    public static SendOptions at(Instant deliverAt) {
        return new SendOptions(null, Objects.requireNonNull(deliverAt, "deliverAt"), Headers.empty(), null);
    }

    /**
     * These options with one more header.
     *
     * @param key   not null or empty; case-sensitive
     * @param value not null
     * @return new options
     * @throws IllegalArgumentException if the key is empty or the headers exceed {@value Headers#MAX_BYTES} bytes
     */
    public SendOptions header(String key, String value) {
        return new SendOptions(delay, deliverAt, headers.with(key, value), dedupKey);
    }

    /**
     * These options with these headers instead of any set before.
     *
     * @param headers not null
     * @return new options
     */
    public SendOptions headers(Headers headers) {
        return new SendOptions(delay, deliverAt, Objects.requireNonNull(headers, "headers"), dedupKey);
    }

    /**
     * These options with a deduplication key.
     *
     * @param key not null or empty
     * @return new options
     * @throws IllegalArgumentException if {@code key} is empty
     */
    public SendOptions dedupKey(String key) {
        Objects.requireNonNull(key, "dedupKey");
        if (key.isEmpty()) {
            throw new IllegalArgumentException("dedupKey must not be empty");
        }
        return new SendOptions(delay, deliverAt, headers, key);
    }

    /**
     * The delay, if set.
     *
     * @return the delay
     */
    public Optional<Duration> delay() {
        return Optional.ofNullable(delay);
    }

    /**
     * The instant, if set.
     *
     * @return when the message becomes claimable
     */
    public Optional<Instant> deliverAt() {
        return Optional.ofNullable(deliverAt);
    }

    /**
     * The headers, empty if none.
     *
     * @return the headers
     */
    public Headers headers() {
        return headers;
    }

    /**
     * The deduplication key, if set.
     *
     * @return the key
     */
    public Optional<String> dedupKey() {
        return Optional.ofNullable(dedupKey);
    }

    /** Whether the send needs the metadata path (headers or a key). */
    boolean hasMetadata() {
        return !headers.isEmpty() || dedupKey != null;
    }

    @Override
    public String toString() {
        return "SendOptions[delay=" + delay + ", deliverAt=" + deliverAt + ", headers=" + headers + ", dedupKey="
                + dedupKey + "]";
    }
}
