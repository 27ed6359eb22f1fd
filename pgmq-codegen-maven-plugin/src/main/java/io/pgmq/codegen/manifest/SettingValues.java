package io.pgmq.codegen.manifest;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The values a channel sets, by row of the settings table; a row without a value is unset.
 *
 * <p>Immutable and thread-safe. Two instances are equal when they hold equal values for the same keys.
 */
public final class SettingValues {

    /** No values. */
    public static final SettingValues NONE = new SettingValues(Map.of());

    private final Map<String, Object> values;

    private SettingValues(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /**
     * Returns a setting's value.
     *
     * @param setting the row
     * @param <T> the value's type
     * @return the value, or empty if unset
     */
    public <T> Optional<T> get(Setting<T> setting) {
        return Optional.ofNullable(values.get(setting.key())).map(setting::cast);
    }

    /**
     * Returns these values with one more (or another) value.
     *
     * @param setting the row
     * @param value its value
     * @param <T> the value's type
     * @return the new values
     */
    public <T> SettingValues with(Setting<T> setting, T value) {
        Map<String, Object> next = new LinkedHashMap<>(values);
        next.put(setting.key(), Objects.requireNonNull(value, setting.key()));
        return new SettingValues(next);
    }

    /**
     * Returns the values of the settings a predicate accepts.
     *
     * @param table the rows to consider, in their order
     * @param keep which rows to keep
     * @return the kept values, in table order
     */
    public SettingValues only(Iterable<Setting<?>> table, Predicate<Setting<?>> keep) {
        Map<String, Object> next = new LinkedHashMap<>();
        for (Setting<?> setting : table) {
            if (keep.test(setting) && values.containsKey(setting.key())) {
                next.put(setting.key(), values.get(setting.key()));
            }
        }
        return new SettingValues(next);
    }

    /** Returns whether no setting has a value. */
    public boolean isEmpty() {
        return values.isEmpty();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SettingValues that && values.equals(that.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", ", "{", "}"));
    }
}
