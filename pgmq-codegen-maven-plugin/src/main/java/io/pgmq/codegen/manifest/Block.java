package io.pgmq.codegen.manifest;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A manifest key whose value is a mapping of settings, e.g. {@code backoff: { base: 1s, max: 5m }}; the members'
 * keys are dotted under it ({@code backoff.base}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param key the block's key
 * @param meaning what the block means
 * @param example an example value, e.g. {@code { base: 1s, max: 5m }}
 * @param members its settings, in the order the manifest reference lists them
 * @param bound a rule between two members the plugin checks, if any
 * @param payloadTypes the payload types whose channels may use it
 */
public record Block(String key, String meaning, String example, List<Setting<?>> members, Optional<Bound> bound,
        Set<PayloadType> payloadTypes) implements ChannelKey {

    /** Validates the fields: every member's key is dotted under the block's. */
    public Block {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(meaning, "meaning");
        Objects.requireNonNull(example, "example");
        members = List.copyOf(members);
        Objects.requireNonNull(bound, "bound");
        payloadTypes = Set.copyOf(payloadTypes);
        for (Setting<?> member : members) {
            if (!member.key().startsWith(key + ".") || member.key().indexOf('.', key.length() + 1) >= 0) {
                throw new IllegalArgumentException("member " + member.key() + " of block " + key + " must be "
                        + key + ".<name>");
            }
        }
    }

    /** Returns the members' keys inside the block: {@code base}, {@code max}. */
    public List<String> memberKeys() {
        return members.stream().map(m -> ValueType.leaf(m.key())).toList();
    }

    /**
     * Two members of which the first may not exceed the second, e.g. {@code backoff.base} at most
     * {@code backoff.max}; JSON Schema cannot compare two values, so the schema's description says the plugin does.
     *
     * @param lower the member that must be at most the other
     * @param upper the other
     */
    public record Bound(Setting<Duration> lower, Setting<Duration> upper) {

        /** Validates the fields. */
        public Bound {
            Objects.requireNonNull(lower, "lower");
            Objects.requireNonNull(upper, "upper");
        }

        /** Returns the rule in words, e.g. {@code base is at most max}. */
        public String describe() {
            return ValueType.leaf(lower.key()) + " is at most " + ValueType.leaf(upper.key());
        }
    }
}
