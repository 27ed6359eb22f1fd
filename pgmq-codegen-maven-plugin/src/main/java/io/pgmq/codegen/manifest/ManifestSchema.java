package io.pgmq.codegen.manifest;

import io.pgmq.schema.ChannelName;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders the manifest's JSON Schema ({@code channels.schema.json}, shipped in the plugin jar and written into the
 * project by {@code generate}) from the settings table, so that editors check what the plugin checks. What JSON
 * Schema cannot say (byte lengths, two names for one class, one value bounded by another) its descriptions say the
 * plugin checks. Stateless and thread-safe.
 */
public final class ManifestSchema {

    private ManifestSchema() {
    }

    /** Returns the schema for {@link ChannelSettings#CHANNEL}, as JSON text. */
    public static String render() {
        return render(ChannelSettings.CHANNEL);
    }

    /**
     * Returns the schema for a table of channel keys.
     *
     * @param table the keys of a channel entry
     * @return the JSON text, LF line endings
     */
    static String render(List<ChannelKey> table) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.put("title", "pgmq channel manifest (channels.yaml)");
        schema.put("description", "Declares the message channels of an application. pgmq:generate turns it into"
                + " typed Java channel classes, pgmq:make-migrations into Flyway migrations. Generated from the"
                + " plugin's settings table; every key is explained in docs/reference/manifest.md. The plugin also"
                + " refuses a key or channel written twice (YAML reads the last one).");
        schema.put("type", "object");
        schema.put("additionalProperties", false);
        schema.put("required", List.of("package", "channels"));
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("package", setting(ChannelSettings.PACKAGE));
        root.put("schema", setting(ChannelSettings.SCHEMA));
        root.put("messages", messages());
        Map<String, Object> channels = new LinkedHashMap<>();
        channels.put("description", ChannelSettings.CHANNELS_MEANING + " A name is ASCII, so maxLength "
                + ChannelName.MAX_BYTES + " is its byte limit. The plugin also refuses two names that map to one"
                + " Java class (order_events and order__events).");
        channels.put("type", "object");
        channels.put("minProperties", 1);
        Map<String, Object> names = new LinkedHashMap<>();
        names.put("pattern", ChannelName.PATTERN);
        names.put("maxLength", ChannelName.MAX_BYTES);
        channels.put("propertyNames", names);
        channels.put("additionalProperties", ordered("$ref", "#/$defs/channel"));
        root.put("channels", channels);
        schema.put("properties", root);
        Map<String, Object> defs = new LinkedHashMap<>();
        defs.put("channel", channel(table));
        defs.put("message", message());
        defs.put("field", field());
        defs.put("fieldType", fieldType());
        schema.put("$defs", defs);
        return JsonText.write(schema);
    }

    private static Map<String, Object> channel(List<ChannelKey> table) {
        Map<String, Object> channel = new LinkedHashMap<>();
        channel.put("type", "object");
        channel.put("additionalProperties", false);
        List<Object> required = new ArrayList<>();
        Map<String, Object> properties = new LinkedHashMap<>();
        List<Object> onlyFor = new ArrayList<>();
        for (ChannelKey key : table) {
            properties.put(key.key(), key instanceof Block block ? block(block) : setting((Setting<?>) key));
            if (key instanceof Setting<?> setting && setting.required()) {
                required.add(key.key());
            }
            if (!key.payloadTypes().equals(EnumSet.allOf(PayloadType.class))) {
                onlyFor.add(onlyFor(key));
            }
        }
        channel.put("required", required);
        channel.put("properties", properties);
        if (table.contains(ChannelSettings.MESSAGE) && table.contains(ChannelSettings.CLASS)) {
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("if", ordered("properties", ordered("type", ordered("const", PayloadType.JSON.manifestName())),
                    "required", List.of("type")));
            rule.put("then", ordered("oneOf", List.of(ordered("required", List.of(ChannelSettings.MESSAGE.key())),
                    ordered("required", List.of(ChannelSettings.CLASS.key())))));
            onlyFor.add(0, rule);
        }
        if (!onlyFor.isEmpty()) {
            channel.put("allOf", onlyFor);
        }
        return channel;
    }

    private static Map<String, Object> messages() {
        Map<String, Object> messages = new LinkedHashMap<>();
        messages.put("description", ChannelSettings.MESSAGES_MEANING + " The plugin also checks that every message"
                + " a field or channel names is declared, that each is used and none contains itself, and that"
                + " generated class names do not collide.");
        messages.put("type", "object");
        Map<String, Object> names = new LinkedHashMap<>();
        names.put("pattern", "^" + FieldType.MESSAGE_NAME.pattern() + "$");
        names.put("maxLength", MessageReader.MAX_NAME);
        messages.put("propertyNames", names);
        messages.put("additionalProperties", ordered("$ref", "#/$defs/message"));
        return messages;
    }

    private static Map<String, Object> message() {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "object");
        message.put("additionalProperties", false);
        message.put("required", List.of("fields"));
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("description", prose("What the message means; becomes the record's Javadoc."));
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("description", "The fields, by JSON property name; the record's components in this order, each"
                + " named by the camelCase of its name (a Java keyword gets a trailing _). Two names with one Java"
                + " name are refused by the plugin.");
        fields.put("type", "object");
        fields.put("minProperties", 1);
        Map<String, Object> names = new LinkedHashMap<>();
        names.put("pattern", "^" + MessageReader.FIELD_NAME.pattern() + "$");
        names.put("maxLength", MessageReader.MAX_NAME);
        fields.put("propertyNames", names);
        fields.put("additionalProperties", ordered("$ref", "#/$defs/field"));
        properties.put("fields", fields);
        message.put("properties", properties);
        return message;
    }

    private static Map<String, Object> field() {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("type", "object");
        object.put("additionalProperties", false);
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("type", ordered("$ref", "#/$defs/fieldType"));
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("description", "An enum: a JSON string holding one of these values (the Java enum's constants).");
        values.put("type", "array");
        values.put("minItems", 1);
        values.put("uniqueItems", true);
        values.put("items", ordered("type", "string", "pattern", "^" + MessageReader.ENUM_VALUE.pattern() + "$"));
        properties.put("enum", values);
        properties.put("open", ordered("description", "An open enum: the Java enum gets an UNKNOWN member that readers"
                + " get for values added later, so adding values is an allowed change. The plugin also refuses a"
                + " value named UNKNOWN in it.", "type", "boolean"));
        properties.put("optional", ordered("description", "Whether the field may be absent (null in Java). When"
                + " absent: false, the field is required.", "type", "boolean"));
        properties.put("description", prose("What the field means; becomes its Javadoc."));
        object.put("properties", properties);
        object.put("oneOf", List.of(ordered("required", List.of("type")), ordered("required", List.of("enum"))));
        object.put("dependentRequired", ordered("open", List.of("enum")));
        Map<String, Object> field = new LinkedHashMap<>();
        field.put("description", "A field: its type, or { type: T, optional: true, description: ... }, or"
                + " { enum: [A, B] } (with open: true, optional: true, description: ... as needed).");
        field.put("oneOf", List.of(ordered("$ref", "#/$defs/fieldType"), object));
        return field;
    }

    private static Map<String, Object> fieldType() {
        Map<String, Object> type = new LinkedHashMap<>();
        type.put("description", "A type: " + String.join(", ", ScalarType.names()) + ", list<T>, map<T> (string"
                + " keys) or the name of a message. The plugin also checks that list< and map< are closed.");
        type.put("type", "string");
        type.put("pattern", "^((list|map)<)*(" + String.join("|", ScalarType.names()) + "|"
                + FieldType.MESSAGE_NAME.pattern() + ")>*$");
        return type;
    }

    private static Map<String, Object> prose(String description) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("description", description);
        out.put("type", "string");
        out.put("pattern", "\\S");
        return out;
    }

    /** A key that only some payload types take: {@code if} the type is another, {@code then} not the key. */
    private static Map<String, Object> onlyFor(ChannelKey key) {
        List<Object> others = new ArrayList<>();
        for (PayloadType type : PayloadType.values()) {
            if (!key.payloadTypes().contains(type)) {
                others.add(type.manifestName());
            }
        }
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("if", ordered("properties", ordered("type", ordered("enum", others)), "required", List.of("type")));
        rule.put("then", ordered("not", ordered("required", List.of(key.key()))));
        return rule;
    }

    private static Map<String, Object> block(Block block) {
        Map<String, Object> out = new LinkedHashMap<>();
        String description = block.meaning();
        if (block.bound().isPresent()) {
            description += " The plugin checks that " + block.bound().get().describe() + ".";
        }
        out.put("description", description);
        out.put("type", "object");
        out.put("additionalProperties", false);
        Map<String, Object> properties = new LinkedHashMap<>();
        for (Setting<?> member : block.members()) {
            properties.put(ValueType.leaf(member.key()), setting(member));
        }
        out.put("properties", properties);
        if (block == ChannelSettings.RABBITMQ) {
            gatewayRules(out);
        }
        return out;
    }

    /** The reader's gateway checks (ChannelReader): a direction, and the exchange or the queue that it needs. */
    private static void gatewayRules(Map<String, Object> block) {
        block.put("required", List.of("direction"));
        block.put("allOf", List.of(
                ordered("if", ordered("properties", ordered("direction", ordered("const", "outbound"))),
                        "then", ordered("required", List.of("exchange"),
                                "not", ordered("required", List.of("queue")))),
                ordered("if", ordered("properties", ordered("direction", ordered("const", "inbound"))),
                        "then", ordered("required", List.of("queue"),
                                "not", ordered("anyOf", List.of(ordered("required", List.of("exchange")),
                                        ordered("required", List.of("routing_key"))))))));
    }

    private static Map<String, Object> setting(Setting<?> setting) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("description", ManifestReference.sentences(setting));
        out.putAll(setting.schema());
        return out;
    }

    /** A JSON object whose keys keep the order written (Map.of's order changes from run to run). */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            out.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return out;
    }
}
