package io.pgmq.codegen.manifest;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** Builds a row of the settings table; the table's rows read top to bottom as the reference does. */
final class SettingBuilder<T> {

    final String key;
    final ValueType<T> type;
    String meaning;
    String example;
    Optional<String> defaultText = Optional.empty();
    Optional<String> fix = Optional.empty();
    Optional<String> lockKey = Optional.empty();
    Optional<T> whenAbsent = Optional.empty();
    Removal removal = Removal.ALLOWED;
    Optional<T> resetTo = Optional.empty();
    boolean immutable;
    Optional<String> immutableFix = Optional.empty();
    boolean required;
    boolean inJavadoc = true;
    SettingSql sql = new SettingSql.None();
    Set<PayloadType> payloadTypes = EnumSet.allOf(PayloadType.class);

    SettingBuilder(String key, ValueType<T> type) {
        this.key = Objects.requireNonNull(key, "key");
        this.type = Objects.requireNonNull(type, "type");
    }

    SettingBuilder<T> meaning(String text) {
        this.meaning = text;
        return this;
    }

    SettingBuilder<T> example(String value) {
        this.example = value;
        return this;
    }

    SettingBuilder<T> byDefault(String text) {
        this.defaultText = Optional.of(text);
        return this;
    }

    SettingBuilder<T> fix(String text) {
        this.fix = Optional.of(text);
        return this;
    }

    SettingBuilder<T> lock(String lockKey) {
        this.lockKey = Optional.of(lockKey);
        return this;
    }

    SettingBuilder<T> whenAbsent(T value) {
        this.whenAbsent = Optional.of(value);
        return this;
    }

    SettingBuilder<T> removalRefused() {
        this.removal = Removal.REFUSED;
        return this;
    }

    SettingBuilder<T> removalResetsTo(T value) {
        this.removal = Removal.RESETS;
        this.resetTo = Optional.of(value);
        return this;
    }

    SettingBuilder<T> immutable() {
        this.immutable = true;
        return this;
    }

    SettingBuilder<T> immutable(String fix) {
        this.immutableFix = Optional.of(fix);
        return immutable();
    }

    SettingBuilder<T> required() {
        this.required = true;
        return this;
    }

    SettingBuilder<T> notInJavadoc() {
        this.inJavadoc = false;
        return this;
    }

    SettingBuilder<T> sql(SettingSql.Function function, String argument) {
        return sql(function, argument, function.since());
    }

    SettingBuilder<T> sql(SettingSql.Function function, String argument, String since) {
        this.sql = new SettingSql.Argument(function, Optional.of(argument), since);
        return this;
    }

    SettingBuilder<T> sql(SettingSql.Function function) {
        this.sql = new SettingSql.Argument(function, Optional.empty(), function.since());
        return this;
    }

    SettingBuilder<T> grantSql(String grant, String revoke) {
        this.sql = new SettingSql.Grant(grant, revoke);
        return this;
    }

    SettingBuilder<T> onlyFor(Set<PayloadType> types) {
        this.payloadTypes = Set.copyOf(types);
        return this;
    }

    Setting<T> build() {
        return new Setting<>(this);
    }
}
