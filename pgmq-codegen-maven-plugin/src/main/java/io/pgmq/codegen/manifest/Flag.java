package io.pgmq.codegen.manifest;

import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/** {@code true} or {@code false}, unquoted. */
record Flag() implements ValueType<Boolean> {

    @Override
    public Optional<Boolean> read(NodeTuple entry, Setting<Boolean> setting, Problems problems) {
        Optional<ScalarNode> scalar = Nodes.scalar(entry, setting.key(), problems);
        if (scalar.isEmpty()) {
            return Optional.empty();
        }
        if (!Tag.BOOL.equals(scalar.get().getTag())) {
            String key = ValueType.leaf(setting.key());
            problems.add(scalar.get(), setting.key() + " must be true or false, found \"" + scalar.get().getValue()
                    + "\"", setting.fix().orElse("write " + key + ": true or " + key + ": false"));
            return Optional.empty();
        }
        return Optional.of(Boolean.parseBoolean(scalar.get().getValue()));
    }

    @Override
    public String yaml(Boolean value) {
        return value.toString();
    }

    @Override
    public String json(Boolean value) {
        return value.toString();
    }

    @Override
    public Boolean fromJson(Object json) {
        return (Boolean) json;
    }

    @Override
    public String sql(Boolean value) {
        return value.toString();
    }

    @Override
    public Map<String, Object> schema() {
        return Map.of("type", "boolean");
    }

    @Override
    public String describe() {
        return "true or false";
    }
}
