package io.pgmq.codegen.manifest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.NodeTuple;

/** Free text that is not blank, e.g. a channel's description; kept with its ends stripped. */
record Prose() implements TextValue {

    @Override
    public Optional<String> read(NodeTuple entry, Setting<String> setting, Problems problems) {
        Optional<String> text = Nodes.text(entry, setting.key(), problems);
        if (text.isPresent() && text.get().isBlank()) {
            problems.add(entry.getValueNode(), setting.key() + " is blank",
                    setting.fix().orElse("write some text, or remove the key"));
            return Optional.empty();
        }
        return text.map(String::strip);
    }

    @Override
    public Map<String, Object> schema() {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "string");
        schema.put("pattern", "\\S");
        return schema;
    }

    @Override
    public String describe() {
        return "text, not blank";
    }
}
