package io.pgmq.codegen.manifest;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.NodeTuple;

/**
 * One row of the settings table ({@link ChannelSettings}): a manifest key holding one value, with everything that
 * reads or writes it: its kind of value (parse, messages, YAML, lock JSON, SQL literal and JSON Schema), meaning and
 * example for the reference, the lock file's key, what its absence means, whether it may be removed or changed, and
 * the SQL it becomes.
 *
 * <p>Immutable and thread-safe; rows are compared by identity (each key is one row).
 *
 * @param <T> the Java type of the setting's value
 */
public final class Setting<T> implements ChannelKey {

    private final String key;
    private final ValueType<T> type;
    private final String meaning;
    private final String example;
    private final Optional<String> defaultText;
    private final Optional<String> fix;
    private final Optional<String> lockKey;
    private final Optional<T> whenAbsent;
    private final Removal removal;
    private final Optional<T> resetTo;
    private final boolean immutable;
    private final Optional<String> immutableFix;
    private final boolean required;
    private final boolean inJavadoc;
    private final SettingSql sql;
    private final Set<PayloadType> payloadTypes;

    Setting(SettingBuilder<T> b) {
        this.key = b.key;
        this.type = b.type;
        this.meaning = Objects.requireNonNull(b.meaning, "meaning of " + b.key);
        this.example = Objects.requireNonNull(b.example, "example of " + b.key);
        this.defaultText = b.defaultText;
        this.fix = b.fix;
        this.lockKey = b.lockKey;
        this.whenAbsent = b.whenAbsent;
        this.removal = b.removal;
        this.resetTo = b.resetTo;
        this.immutable = b.immutable;
        this.immutableFix = b.immutableFix;
        this.required = b.required;
        this.inJavadoc = b.inJavadoc;
        this.sql = b.sql;
        this.payloadTypes = Set.copyOf(b.payloadTypes);
        if (removal == Removal.RESETS && resetTo.isEmpty()) {
            throw new IllegalArgumentException(key + ": a setting whose removal resets needs a reset value");
        }
        if (!(sql instanceof SettingSql.None) && lockKey.isEmpty()) {
            throw new IllegalArgumentException(key + ": a setting that becomes SQL must be recorded in the lock file");
        }
    }

    static <T> SettingBuilder<T> builder(String key, ValueType<T> type) {
        return new SettingBuilder<>(key, type);
    }

    @Override
    public String key() {
        return key;
    }

    @Override
    public String meaning() {
        return meaning;
    }

    @Override
    public String example() {
        return example;
    }

    @Override
    public Set<PayloadType> payloadTypes() {
        return payloadTypes;
    }

    /** Returns what applies when the key is absent, for the reference, e.g. {@code the database's default, 5}. */
    public Optional<String> defaultText() {
        return defaultText;
    }

    /** Returns the fix printed for an invalid value, if the row has its own; else the value type's. */
    public Optional<String> fix() {
        return fix;
    }

    /** Returns the key in the lock file's channel snapshot, if the setting is recorded there. */
    public Optional<String> lockKey() {
        return lockKey;
    }

    /** Returns whether removing the setting is refused, resets it, or is allowed. */
    public Removal removal() {
        return removal;
    }

    /** Returns whether the value can never change once a migration created the channel. */
    public boolean immutable() {
        return immutable;
    }

    /**
     * Returns the fix printed when an immutable setting changed, {@code {was}} standing for the migrated value;
     * empty for the plain {@code restore <key>: <was>}.
     */
    public Optional<String> immutableFix() {
        return immutableFix;
    }

    /** Returns whether every channel must set it. */
    public boolean required() {
        return required;
    }

    /** Returns whether the generated class's Javadoc shows it in the channel's manifest entry. */
    public boolean inJavadoc() {
        return inJavadoc;
    }

    /** Returns the SQL the setting becomes. */
    public SettingSql sql() {
        return sql;
    }

    /** Returns what a value is, for the reference, e.g. {@code an integer 10..100}. */
    public String describe() {
        return type.describe();
    }

    /**
     * Returns whether a value is what the key means when absent (e.g. an empty list of roles), so that rendering the
     * manifest back may leave it out.
     *
     * @param value a value of this setting
     * @return whether leaving the key out means the same
     */
    public boolean isAbsentValue(Object value) {
        return whenAbsent.isPresent() && whenAbsent.get().equals(value);
    }

    /** Returns the value the key has when it is absent (no grants: an empty list); empty if it is then unset. */
    public Optional<T> absentValue() {
        return whenAbsent;
    }

    /** Returns the value removing the key writes (see {@link Removal#RESETS}); empty for other removal rules. */
    public Optional<T> resetValue() {
        return resetTo;
    }

    ValueType<T> type() {
        return type;
    }

    Map<String, Object> schema() {
        return type.schema();
    }

    Optional<T> read(NodeTuple entry, Problems problems) {
        return type.read(entry, this, problems);
    }

    /**
     * Returns a value of this setting as the manifest spells it.
     *
     * @param value a value of this setting
     * @return e.g. {@code 30s}
     */
    public String yaml(Object value) {
        return type.yaml(cast(value));
    }

    /**
     * Returns a value of this setting as the lock file records it.
     *
     * @param value a value of this setting
     * @return JSON, e.g. {@code "PT30S"}
     */
    public String json(Object value) {
        return type.json(cast(value));
    }

    /**
     * Returns a value of this setting as an SQL literal.
     *
     * @param value a value of this setting
     * @return e.g. {@code interval '30 seconds'}
     */
    public String sqlLiteral(Object value) {
        return type.sql(cast(value));
    }

    /**
     * Reads a value recorded in the lock file.
     *
     * @param json what the YAML loader made of the lock file's JSON
     * @return the value
     * @throws IllegalArgumentException or {@link ClassCastException} if it is not a value of this setting
     */
    public T fromJson(Object json) {
        return type.fromJson(json);
    }

    @SuppressWarnings("unchecked")
    T cast(Object value) {
        return (T) Objects.requireNonNull(value, key);
    }

    @Override
    public String toString() {
        return key;
    }
}
