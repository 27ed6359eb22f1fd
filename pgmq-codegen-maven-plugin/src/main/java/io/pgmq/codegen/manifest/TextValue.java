package io.pgmq.codegen.manifest;

/**
 * A setting whose value is text in every form: YAML as written, a JSON string in the lock file, an SQL string literal.
 * The kinds differ only in what text they accept (and how they describe it), so they share the rendering here; one
 * that renders otherwise (a schema name is an SQL identifier, a routing key may need quotes in YAML) says so.
 */
sealed interface TextValue extends ValueType<String>
        permits Prose, SchemaName, JavaPackageName, JavaClassName, MessageName, AmqpName {

    @Override
    default String yaml(String value) {
        return value;
    }

    @Override
    default String json(String value) {
        return JsonText.string(value);
    }

    @Override
    default String fromJson(Object json) {
        return (String) json;
    }

    @Override
    default String sql(String value) {
        return SqlText.literal(value);
    }
}
