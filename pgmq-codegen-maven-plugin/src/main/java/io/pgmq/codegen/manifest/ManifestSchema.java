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
        channels.put("additionalProperties", Map.of("$ref", "#/$defs/channel"));
        root.put("channels", channels);
        schema.put("properties", root);
        schema.put("$defs", Map.of("channel", channel(table)));
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
        if (!onlyFor.isEmpty()) {
            channel.put("allOf", onlyFor);
        }
        return channel;
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
        rule.put("if", Map.of("properties", Map.of("type", Map.of("enum", others)), "required", List.of("type")));
        rule.put("then", Map.of("not", Map.of("required", List.of(key.key()))));
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
        return out;
    }

    private static Map<String, Object> setting(Setting<?> setting) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("description", ManifestReference.sentences(setting));
        out.putAll(setting.schema());
        return out;
    }
}
