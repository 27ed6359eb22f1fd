package io.pgmq.codegen.manifest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * One of a closed set of names, e.g. a payload type or a notify mode.
 *
 * @param values the values in the order messages list them
 * @param nameOf a value's name in the manifest, the lock file and SQL
 * @param noun what the values are, plural, e.g. {@code types}
 * @param <E> the values' type
 */
record Choice<E>(List<E> values, Function<E, String> nameOf, String noun) implements ValueType<E> {

    Choice {
        values = List.copyOf(values);
    }

    List<String> names() {
        return values.stream().map(nameOf).toList();
    }

    Optional<E> named(String name) {
        return values.stream().filter(v -> nameOf.apply(v).equals(name)).findFirst();
    }

    /** {@code a, b or c}. */
    String listed() {
        List<String> names = names();
        return names.size() == 1 ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }

    @Override
    public Optional<E> read(NodeTuple entry, Setting<E> setting, Problems problems) {
        Optional<ScalarNode> scalar = Nodes.scalar(entry, setting.key(), problems);
        if (scalar.isEmpty()) {
            return Optional.empty();
        }
        String value = scalar.get().getValue();
        Optional<E> found = named(value);
        if (found.isEmpty()) {
            String fix = DidYouMean.suggest(value.toLowerCase(Locale.ROOT).replace('-', '_'), names())
                    .map(s -> "did you mean \"" + s + "\"? The " + noun + " are " + listed())
                    .orElse("use " + listed());
            problems.add(scalar.get(), setting.key() + " \"" + value + "\" is unknown", fix);
        }
        return found;
    }

    @Override
    public String yaml(E value) {
        return nameOf.apply(value);
    }

    @Override
    public String json(E value) {
        return "\"" + nameOf.apply(value) + "\"";
    }

    @Override
    public E fromJson(Object json) {
        return named((String) json).orElseThrow(() -> new IllegalArgumentException("unknown " + noun + " " + json));
    }

    @Override
    public String sql(E value) {
        return SqlText.literal(nameOf.apply(value));
    }

    @Override
    public Map<String, Object> schema() {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("enum", new ArrayList<Object>(names()));
        return schema;
    }

    @Override
    public String describe() {
        return listed();
    }
}
