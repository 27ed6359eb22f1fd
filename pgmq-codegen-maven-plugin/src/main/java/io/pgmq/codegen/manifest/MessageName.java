package io.pgmq.codegen.manifest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.NodeTuple;

/** The name of a message declared under {@code messages}: UpperCamel, e.g. {@code OrderPlaced}. */
record MessageName() implements TextValue {

    @Override
    public Optional<String> read(NodeTuple entry, Setting<String> setting, Problems problems) {
        Optional<String> text = Nodes.text(entry, setting.key(), problems);
        if (text.isPresent() && !FieldType.MESSAGE_NAME.matcher(text.get()).matches()) {
            problems.add(entry.getValueNode(), setting.key() + " \"" + text.get() + "\" is not a message name",
                    "name a message declared under messages: UpperCamel letters and digits, e.g. OrderPlaced");
            return Optional.empty();
        }
        return text;
    }

    @Override
    public Map<String, Object> schema() {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "string");
        schema.put("pattern", "^" + FieldType.MESSAGE_NAME.pattern() + "$");
        return schema;
    }

    @Override
    public String describe() {
        return "the name of a message declared under messages, e.g. OrderPlaced";
    }

    @Override
    public String beyondSchema() {
        return "The plugin also checks that the message is declared.";
    }
}
