package io.pgmq.codegen.manifest;

import io.pgmq.schema.ChannelName;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One channel of a manifest: its name and the values it sets, by row of {@link ChannelSettings}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the channel name (see {@link ChannelName})
 * @param settings the values it sets; always holds its {@link ChannelSettings#TYPE}
 * @param position where the channel's name is in the manifest
 * @param positions where each key the entry writes has its value, by key ({@code backoff.base}); a key written with
 *     an invalid value is here but has no value in {@code settings}
 */
public record ChannelSpec(String name, SettingValues settings, Position position, Map<String, Position> positions) {

    /** Validates the fields. */
    public ChannelSpec {
        ChannelName.check(name);
        Objects.requireNonNull(settings, "settings");
        if (settings.get(ChannelSettings.TYPE).isEmpty()) {
            throw new IllegalArgumentException("channel " + name + " has no type");
        }
        Objects.requireNonNull(position, "position");
        positions = Map.copyOf(positions);
    }

    /**
     * Returns a setting's value.
     *
     * @param setting the row of {@link ChannelSettings}
     * @param <T> the value's type
     * @return the value, or empty if the channel does not set it
     */
    public <T> Optional<T> get(Setting<T> setting) {
        return settings.get(setting);
    }

    /** Returns the payload type. */
    public PayloadType type() {
        return settings.get(ChannelSettings.TYPE).orElseThrow();
    }

    /** Returns the Javadoc text, if any. */
    public Optional<String> description() {
        return settings.get(ChannelSettings.DESCRIPTION);
    }

    /** Returns whether the channel is marked for dropping. */
    public boolean retired() {
        return settings.get(ChannelSettings.RETIRED).orElse(false);
    }

    /** Returns whether the entry writes the key (with a valid value or not). */
    public boolean writes(ChannelKey key) {
        return positions.containsKey(key.key());
    }

    /** Returns where the key's value is, or the channel's name if the entry does not write the key. */
    public Position positionOf(ChannelKey key) {
        return positions.getOrDefault(key.key(), position);
    }

    /** Returns the queue table's name, {@code pg_mq_queue_<name>}. */
    public String tableName() {
        return ChannelName.TABLE_PREFIX + name;
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
