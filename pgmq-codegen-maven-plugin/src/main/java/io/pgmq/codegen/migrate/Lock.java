package io.pgmq.codegen.migrate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * The committed state file ({@code channels.lock.json}): the vendored core scripts, the channel snapshot and each
 * generated migration with its checksum. Written with sorted keys and LF endings, so it diffs cleanly.
 *
 * @param core the pgmq-schema scripts already vendored, by resource file name (e.g. {@code V1__core.sql})
 * @param channels the channel snapshot, by name
 * @param migrations the generated migrations, in the order written
 */
record Lock(List<String> core, Map<String, ChannelState> channels, List<LockedMigration> migrations) {

    static final int FORMAT = 1;

    static final Lock EMPTY = new Lock(List.of(), Map.of(), List.of());

    Lock {
        core = List.copyOf(core);
        channels = java.util.Collections.unmodifiableMap(new TreeMap<>(channels));
        migrations = List.copyOf(migrations);
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
        } catch (YamlEngineException | IllegalArgumentException | ClassCastException e) {
            throw new IOException(file.getFileName() + " is not a pgmq lock file (" + e.getMessage()
                    + ") — restore it from version control; it records which migrations pgmq already wrote", e);
        }
    }

    private static Lock fromJson(Map<String, Object> root) {
        Object format = root.get("format");
        if (!Integer.valueOf(FORMAT).equals(format)) {
            throw new IllegalArgumentException("format must be " + FORMAT + ", was " + format);
        }
        List<String> core = new ArrayList<>();
        for (Object item : (List<?>) root.getOrDefault("core", List.of())) {
            core.add((String) item);
        }
        Map<String, ChannelState> channels = new TreeMap<>();
        for (Map.Entry<String, Object> e : asMap(root.getOrDefault("channels", Map.of()), "channels").entrySet()) {
            Map<String, Object> c = asMap(e.getValue(), e.getKey());
            channels.put(e.getKey(), new ChannelState(
                    (String) c.get("type"),
                    strings(c.getOrDefault("send", List.of())),
                    strings(c.getOrDefault("receive", List.of())),
                    c.get("max_attempts") == null ? OptionalInt.empty() : OptionalInt.of((Integer) c.get("max_attempts")),
                    duration(c.get("backoff_base")),
                    duration(c.get("backoff_max")),
                    duration(c.get("lease")),
                    // absent in lock files written before keep_acked existed: not set
                    Optional.ofNullable((Boolean) c.get("keep_acked")),
                    // absent in lock files written before fillfactor existed: not set
                    c.get("fillfactor") == null ? OptionalInt.empty() : OptionalInt.of((Integer) c.get("fillfactor")),
                    // absent in lock files written before retention existed: no retention set
                    duration(c.get("retention")),
                    duration(c.get("dead_retention")),
                    // absent in lock files written before notify modes existed: no mode set
                    Optional.ofNullable((String) c.get("notify")),
                    Boolean.TRUE.equals(c.get("dropped"))));
        }
        List<LockedMigration> migrations = new ArrayList<>();
        for (Object item : (List<?>) root.getOrDefault("migrations", List.of())) {
            Map<String, Object> m = asMap(item, "migration");
            migrations.add(new LockedMigration((String) m.get("file"), (String) m.get("sha256")));
        }
        return new Lock(core, channels, migrations);
    }

    String toJson() {
        StringBuilder out = new StringBuilder();
        out.append("{\n  \"format\": ").append(FORMAT).append(",\n");
        out.append("  \"core\": [").append(core.stream().map(Lock::string).collect(Collectors.joining(", ")))
                .append("],\n");
        out.append("  \"channels\": {");
        String separator = "\n";
        for (Map.Entry<String, ChannelState> e : channels.entrySet()) {
            ChannelState c = e.getValue();
            out.append(separator).append("    ").append(string(e.getKey())).append(": {");
            List<String> fields = new ArrayList<>();
            fields.add("\"type\": " + string(c.type()));
            fields.add("\"send\": " + stringList(c.send()));
            fields.add("\"receive\": " + stringList(c.receive()));
            c.maxAttempts().ifPresent(n -> fields.add("\"max_attempts\": " + n));
            c.backoffBase().ifPresent(d -> fields.add("\"backoff_base\": " + string(d.toString())));
            c.backoffMax().ifPresent(d -> fields.add("\"backoff_max\": " + string(d.toString())));
            c.lease().ifPresent(d -> fields.add("\"lease\": " + string(d.toString())));
            c.keepAcked().ifPresent(k -> fields.add("\"keep_acked\": " + k));
            c.fillfactor().ifPresent(f -> fields.add("\"fillfactor\": " + f));
            c.retention().ifPresent(d -> fields.add("\"retention\": " + string(d.toString())));
            c.deadRetention().ifPresent(d -> fields.add("\"dead_retention\": " + string(d.toString())));
            c.notifyMode().ifPresent(m -> fields.add("\"notify\": " + string(m)));
            if (c.dropped()) {
                fields.add("\"dropped\": true");
            }
            out.append(String.join(", ", fields)).append('}');
            separator = ",\n";
        }
        out.append(channels.isEmpty() ? "},\n" : "\n  },\n");
        out.append("  \"migrations\": [");
        separator = "\n";
        for (LockedMigration m : migrations) {
            out.append(separator).append("    {\"file\": ").append(string(m.file()))
                    .append(", \"sha256\": ").append(string(m.sha256())).append('}');
            separator = ",\n";
        }
        out.append(migrations.isEmpty() ? "]\n" : "\n  ]\n");
        return out.append("}\n").toString();
    }

    private static String stringList(List<String> values) {
        return "[" + values.stream().map(Lock::string).collect(Collectors.joining(", ")) + "]";
    }

    static String string(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value, String what) {
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException(what + " must be an object");
        }
        return (Map<String, Object>) value;
    }

    private static List<String> strings(Object value) {
        List<String> out = new ArrayList<>();
        for (Object item : (List<?>) value) {
            out.add((String) item);
        }
        return out;
    }

    private static Optional<Duration> duration(Object value) {
        return value == null ? Optional.empty() : Optional.of(Duration.parse((String) value));
    }
}
