package io.pgmq.codegen.manifest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.NodeTuple;

/** A fully qualified Java class name with a package, e.g. {@code com.acme.events.LegacyEvent}. */
record JavaClassName() implements TextValue {

    private static final String IDENTIFIER = "[A-Za-z_$][A-Za-z0-9_$]*";
    private static final Pattern PATTERN = Pattern.compile("(" + IDENTIFIER + "\\.)+" + IDENTIFIER);

    @Override
    public Optional<String> read(NodeTuple entry, Setting<String> setting, Problems problems) {
        Optional<String> text = Nodes.text(entry, setting.key(), problems);
        if (text.isEmpty()) {
            return text;
        }
        String name = text.get();
        boolean keyword = false;
        for (String part : name.split("\\.", -1)) {
            keyword |= JavaNames.KEYWORDS.contains(part);
        }
        if (!PATTERN.matcher(name).matches() || keyword) {
            problems.add(entry.getValueNode(), setting.key() + " \"" + name + "\" is not a fully qualified Java class"
                    + " name", "write the class with its package, e.g. com.acme.events.LegacyEvent");
            return Optional.empty();
        }
        return text;
    }

    @Override
    public Map<String, Object> schema() {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "string");
        schema.put("pattern", "^" + PATTERN.pattern() + "$");
        return schema;
    }

    @Override
    public String describe() {
        return "a fully qualified Java class name, e.g. com.acme.events.LegacyEvent";
    }

    @Override
    public String beyondSchema() {
        return "The plugin also refuses Java keywords as parts of the name.";
    }
}
