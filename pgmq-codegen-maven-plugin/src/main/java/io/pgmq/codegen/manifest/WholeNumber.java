package io.pgmq.codegen.manifest;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/** An integer in {@code min..max}, written as a plain YAML number. */
record WholeNumber(int min, int max) implements ValueType<Integer> {

    WholeNumber {
        if (min > max) {
            throw new IllegalArgumentException("min must be at most max, was " + min + ".." + max);
        }
    }

    @Override
    public Optional<Integer> read(NodeTuple entry, Setting<Integer> setting, Problems problems) {
        Optional<ScalarNode> scalar = Nodes.scalar(entry, setting.key(), problems);
        if (scalar.isEmpty()) {
            return Optional.empty();
        }
        String value = scalar.get().getValue();
        String expected = setting.key() + " must be an integer " + min + ".." + max;
        String fix = setting.fix().orElse("write e.g. " + ValueType.leaf(setting.key()) + ": " + setting.example());
        if (!Tag.INT.equals(scalar.get().getTag()) || !value.matches("-?\\d+")) {
            problems.add(scalar.get(), expected + ", found \"" + value + "\"", fix);
            return Optional.empty();
        }
        BigInteger number = new BigInteger(value);
        if (number.compareTo(BigInteger.valueOf(min)) < 0 || number.compareTo(BigInteger.valueOf(max)) > 0) {
            problems.add(scalar.get(), expected + ", was " + number, fix);
            return Optional.empty();
        }
        return Optional.of(number.intValueExact());
    }

    @Override
    public String yaml(Integer value) {
        return value.toString();
    }

    @Override
    public String json(Integer value) {
        return value.toString();
    }

    @Override
    public Integer fromJson(Object json) {
        return (Integer) json;
    }

    @Override
    public String sql(Integer value) {
        return value.toString();
    }

    @Override
    public Map<String, Object> schema() {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "integer");
        schema.put("minimum", min);
        schema.put("maximum", max);
        return schema;
    }

    @Override
    public String describe() {
        return "an integer " + min + ".." + max;
    }
}
