package io.pgmq.codegen.manifest;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.NodeTuple;

/**
 * A RabbitMQ exchange or queue name, or a routing key: at most 255 bytes (AMQP's short string). Names are letters,
 * digits and {@code - _ . :} (RabbitMQ's rule for exchange names, which the plugin applies to queues too, so that the
 * generated Java and the broker agree on what a name is); a routing key may also hold {@code * #} (topic patterns
 * are the binding's, but a key with them is harmless). {@code allowEmpty} admits {@code ""}: the default exchange.
 */
record AmqpName(boolean routingKey, boolean allowEmpty) implements TextValue {

    private static final int MAX_BYTES = 255;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:-]*");
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.:*#-]*");

    @Override
    public Optional<String> read(NodeTuple entry, Setting<String> setting, Problems problems) {
        Optional<String> text = Nodes.text(entry, setting.key(), problems);
        if (text.isEmpty()) {
            return text;
        }
        String value = text.get();
        if (value.isEmpty() && !allowEmpty) {
            problems.add(entry.getValueNode(), setting.key() + " is empty", "write a name, e.g. " + example());
            return Optional.empty();
        }
        if (!pattern().matcher(value).matches() || value.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            problems.add(entry.getValueNode(), setting.key() + " \"" + value + "\" is not " + describe(),
                    "write e.g. " + example());
            return Optional.empty();
        }
        return text;
    }

    private Pattern pattern() {
        return routingKey ? KEY : NAME;
    }

    private String example() {
        return routingKey ? "order.email" : "shop.events";
    }

    @Override
    public String yaml(String value) {
        return value.isEmpty() || value.startsWith("*") || value.startsWith("#") ? "\"" + value + "\"" : value;
    }

    @Override
    public Map<String, Object> schema() {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "string");
        schema.put("pattern", "^" + pattern().pattern() + "$");
        if (!allowEmpty) {
            schema.put("minLength", 1);
        }
        schema.put("maxLength", MAX_BYTES);
        return schema;
    }

    @Override
    public String describe() {
        return (routingKey ? "a routing key: letters, digits and - _ . : * #" : "a RabbitMQ name: letters, digits and"
                + " - _ . :") + ", at most " + MAX_BYTES + " bytes" + (allowEmpty ? " (\"\" is the default exchange)" : "");
    }

    @Override
    public String beyondSchema() {
        return "The plugin counts the 255 in UTF-8 bytes.";
    }
}
