package io.pgmq.codegen.migrate;

import io.pgmq.codegen.manifest.ChannelSettings;
import io.pgmq.codegen.manifest.JsonText;
import io.pgmq.codegen.manifest.MessageShape;
import io.pgmq.codegen.manifest.Setting;
import io.pgmq.codegen.manifest.SettingValues;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * The committed state file ({@code channels.lock.json}): the schema pgmq was installed into, the vendored core
 * scripts, the channel snapshot and each generated migration with its checksum. Written with sorted keys and LF
 * endings, so it diffs cleanly; the channel values are written and read through the settings table.
 *
 * @param schema the manifest's schema when the lock was written ({@link LockedSchema#UNRECORDED} for lock files older
 *     than the {@code schema} key)
 * @param core the pgmq-schema scripts already vendored, by resource file name (e.g. {@code V1__core.sql})
 * @param channels the channel snapshot, by name
 * @param migrations the generated migrations, in the order written
 * @param messages the shape of each message json channels carry, by name (empty in lock files older than messages)
 */
record Lock(LockedSchema schema, List<String> core, Map<String, ChannelState> channels,
        List<LockedMigration> migrations, Map<String, MessageShape> messages) {

    static final int FORMAT = 1;

    static final Lock EMPTY = new Lock(LockedSchema.UNRECORDED, List.of(), Map.of(), List.of(), Map.of());

    Lock {
        Objects.requireNonNull(schema, "schema");
        core = List.copyOf(core);
        channels = Collections.unmodifiableMap(new TreeMap<>(channels));
        migrations = List.copyOf(migrations);
        messages = Collections.unmodifiableMap(new TreeMap<>(messages));
    }

    /**
     * The schema recorded in a lock file.
     *
     * @param recorded whether the lock file records one (files written before the key existed do not)
     * @param name the manifest's schema, empty when the manifest named none
     */
    record LockedSchema(boolean recorded, Optional<String> name) {

        static final LockedSchema UNRECORDED = new LockedSchema(false, Optional.empty());

        LockedSchema {
            Objects.requireNonNull(name, "name");
        }

        static LockedSchema of(Optional<String> name) {
            return new LockedSchema(true, name);
        }
    }

    /** Whether pgmq wrote anything yet: a schema change matters only then. */
    boolean installed() {
        return !core.isEmpty() || !channels.isEmpty();
    }

    static Lock read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return EMPTY;
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        try {
            Object root = new Load(LoadSettings.builder().setLabel(file.getFileName().toString()).build())
                    .loadFromString(text);
            return fromJson(asMap(root, "the lock file"));
        } catch (YamlEngineException | IllegalArgumentException | ClassCastException | NullPointerException e) {
            throw new IOException(file.getFileName() + " is not a pgmq lock file (" + e.getMessage()
                    + ") — restore it from version control; it records which migrations pgmq already wrote", e);
        }
    }

    private static Lock fromJson(Map<String, Object> root) {
        Object format = root.get("format");
        if (!Integer.valueOf(FORMAT).equals(format)) {
            throw new IllegalArgumentException("format must be " + FORMAT + ", was " + format);
        }
        LockedSchema schema = root.containsKey("schema")
                ? LockedSchema.of(Optional.ofNullable((String) root.get("schema"))) : LockedSchema.UNRECORDED;
        List<String> core = new ArrayList<>();
        for (Object item : (List<?>) root.getOrDefault("core", List.of())) {
            core.add((String) item);
        }
        Map<String, ChannelState> channels = new TreeMap<>();
        for (Map.Entry<String, Object> e : asMap(root.getOrDefault("channels", Map.of()), "channels").entrySet()) {
            Map<String, Object> c = upgrade(asMap(e.getValue(), e.getKey()));
            SettingValues values = SettingValues.NONE;
            for (Setting<?> setting : ChannelSettings.LOCKED) {
                values = read(values, setting, c);
            }
            channels.put(e.getKey(), new ChannelState(values, Boolean.TRUE.equals(c.get("dropped"))));
        }
        List<LockedMigration> migrations = new ArrayList<>();
        for (Object item : (List<?>) root.getOrDefault("migrations", List.of())) {
            Map<String, Object> m = asMap(item, "migration");
            migrations.add(new LockedMigration((String) m.get("file"), (String) m.get("sha256")));
        }
        Map<String, MessageShape> messages = new TreeMap<>();
        for (Map.Entry<String, Object> e : asMap(root.getOrDefault("messages", Map.of()), "messages").entrySet()) {
            Map<String, MessageShape.Field> fields = new TreeMap<>();
            for (Map.Entry<String, Object> f : asMap(e.getValue(), e.getKey()).entrySet()) {
                Map<String, Object> field = asMap(f.getValue(), e.getKey() + "." + f.getKey());
                List<String> values = new ArrayList<>();
                for (Object value : (List<?>) field.getOrDefault("values", List.of())) {
                    values.add((String) value);
                }
                fields.put(f.getKey(), new MessageShape.Field((String) Objects.requireNonNull(field.get("type"),
                        "type of " + e.getKey() + "." + f.getKey()), values, Boolean.TRUE.equals(field.get("open")),
                        !Boolean.FALSE.equals(field.get("required"))));
            }
            messages.put(e.getKey(), new MessageShape(fields));
        }
        return new Lock(schema, core, channels, migrations, messages);
    }

    /**
     * The one place older lock files get their defaults: a file written before a setting existed lacks its key,
     * which means what the key's absence means in the manifest (unset, or e.g. no roles).
     */
    private static Map<String, Object> upgrade(Map<String, Object> channel) {
        Map<String, Object> upgraded = new LinkedHashMap<>(channel);
        for (Setting<?> setting : ChannelSettings.LOCKED) {
            String key = setting.lockKey().orElseThrow();
            if (!upgraded.containsKey(key)) {
                setting.absentValue().ifPresent(v -> upgraded.put(key, json(setting, v)));
            }
        }
        return upgraded;
    }

    /** An absent value as the loader would have read it from JSON. */
    private static Object json(Setting<?> setting, Object value) {
        return new Load(LoadSettings.builder().build()).loadFromString(setting.json(value));
    }

    private static <T> SettingValues read(SettingValues values, Setting<T> setting, Map<String, Object> channel) {
        Object json = channel.get(setting.lockKey().orElseThrow());
        return json == null ? values : values.with(setting, setting.fromJson(json));
    }

    String toJson() {
        StringBuilder out = new StringBuilder();
        out.append("{\n  \"format\": ").append(FORMAT).append(",\n");
        if (schema.recorded()) {
            out.append("  \"schema\": ").append(schema.name().map(JsonText::string).orElse("null")).append(",\n");
        }
        out.append("  \"core\": [").append(core.stream().map(JsonText::string).collect(Collectors.joining(", ")))
                .append("],\n");
        out.append("  \"channels\": {");
        String separator = "\n";
        for (Map.Entry<String, ChannelState> e : channels.entrySet()) {
            ChannelState c = e.getValue();
            out.append(separator).append("    ").append(JsonText.string(e.getKey())).append(": {");
            List<String> fields = new ArrayList<>();
            for (Setting<?> setting : ChannelSettings.LOCKED) {
                field(fields, setting, c.values());
            }
            if (c.dropped()) {
                fields.add("\"dropped\": true");
            }
            out.append(String.join(", ", fields)).append('}');
            separator = ",\n";
        }
        out.append(channels.isEmpty() ? "},\n" : "\n  },\n");
        if (!messages.isEmpty()) {
            // written only once there are messages, so that lock files of projects without any keep their bytes
            out.append("  \"messages\": {");
            separator = "\n";
            for (Map.Entry<String, MessageShape> e : messages.entrySet()) {
                out.append(separator).append("    ").append(JsonText.string(e.getKey())).append(": {");
                String fieldSeparator = "\n";
                for (Map.Entry<String, MessageShape.Field> f : e.getValue().fields().entrySet()) {
                    MessageShape.Field field = f.getValue();
                    out.append(fieldSeparator).append("      ").append(JsonText.string(f.getKey()))
                            .append(": {\"type\": ").append(JsonText.string(field.type()));
                    if (field.type().equals("enum")) {
                        out.append(", \"values\": [").append(field.values().stream().map(JsonText::string)
                                .collect(Collectors.joining(", "))).append("], \"open\": ").append(field.open());
                    }
                    out.append(", \"required\": ").append(field.required()).append('}');
                    fieldSeparator = ",\n";
                }
                out.append("\n    }");
                separator = ",\n";
            }
            out.append("\n  },\n");
        }
        out.append("  \"migrations\": [");
        separator = "\n";
        for (LockedMigration m : migrations) {
            out.append(separator).append("    {\"file\": ").append(JsonText.string(m.file()))
                    .append(", \"sha256\": ").append(JsonText.string(m.sha256())).append('}');
            separator = ",\n";
        }
        out.append(migrations.isEmpty() ? "]\n" : "\n  ]\n");
        return out.append("}\n").toString();
    }

    private static <T> void field(List<String> fields, Setting<T> setting, SettingValues values) {
        values.get(setting).ifPresent(v -> fields.add(JsonText.string(setting.lockKey().orElseThrow()) + ": "
                + setting.json(v)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value, String what) {
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException(what + " must be an object");
        }
        return (Map<String, Object>) value;
    }
}
