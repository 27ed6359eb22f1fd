package io.pgmq.codegen.emit;

import io.pgmq.codegen.manifest.ChannelManifest;
import io.pgmq.codegen.manifest.FieldSpec;
import io.pgmq.codegen.manifest.FieldType;
import io.pgmq.codegen.manifest.JsonText;
import io.pgmq.codegen.manifest.MessageSpec;
import io.pgmq.codegen.manifest.ScalarType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Renders a JSON Schema (2020-12) per message, for producers in other languages: written under
 * {@code META-INF/pgmq/messages/<Message>.schema.json} into the generated resources, so it lands in the jar. The
 * messages a message contains are under {@code $defs}. Unknown properties are allowed (readers skip them). Stateless
 * and thread-safe.
 */
public final class MessageSchemas {

    /** The folder of the schemas inside the jar. */
    public static final String FOLDER = "META-INF/pgmq/messages/";

    private MessageSchemas() {
    }

    /**
     * Renders every message's schema.
     *
     * @param manifest the validated manifest
     * @return one file per message, sorted by path
     */
    public static List<GeneratedFile> emit(ChannelManifest manifest) {
        List<GeneratedFile> files = new ArrayList<>();
        for (MessageSpec message : manifest.messages()) {
            files.add(new GeneratedFile(FOLDER + message.name() + ".schema.json", render(manifest, message)));
        }
        return List.copyOf(files);
    }

    static String render(ChannelManifest manifest, MessageSpec message) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.put("$id", message.name() + ".schema.json");
        schema.put("title", message.name());
        schema.putAll(object(message));
        TreeSet<String> contained = new TreeSet<>();
        collect(manifest, message, contained);
        contained.remove(message.name());
        if (!contained.isEmpty()) {
            Map<String, Object> defs = new LinkedHashMap<>();
            for (String name : contained) {
                MessageSpec inner = manifest.message(name).orElseThrow();
                Map<String, Object> def = new LinkedHashMap<>();
                def.put("title", name);
                def.putAll(object(inner));
                defs.put(name, def);
            }
            schema.put("$defs", defs);
        }
        return JsonText.write(schema);
    }

    private static void collect(ChannelManifest manifest, MessageSpec message, TreeSet<String> into) {
        if (!into.add(message.name())) {
            return;
        }
        for (FieldSpec field : message.fields()) {
            reference(field.type()).flatMap(manifest::message).ifPresent(m -> collect(manifest, m, into));
        }
    }

    private static java.util.Optional<String> reference(FieldType type) {
        if (type instanceof FieldType.MessageRef ref) {
            return java.util.Optional.of(ref.name());
        }
        if (type instanceof FieldType.ListOf list) {
            return reference(list.element());
        }
        return type instanceof FieldType.MapOf map ? reference(map.value()) : java.util.Optional.empty();
    }

    private static Map<String, Object> object(MessageSpec message) {
        Map<String, Object> out = new LinkedHashMap<>();
        message.description().ifPresent(d -> out.put("description", d));
        out.put("type", "object");
        Map<String, Object> properties = new LinkedHashMap<>();
        List<Object> required = new ArrayList<>();
        for (FieldSpec field : message.fields()) {
            Map<String, Object> property = new LinkedHashMap<>();
            field.description().ifPresent(d -> property.put("description", d));
            property.putAll(type(field.type()));
            properties.put(field.name(), property);
            if (field.required()) {
                required.add(field.name());
            }
        }
        out.put("properties", properties);
        out.put("required", required);
        return out;
    }

    private static Map<String, Object> type(FieldType type) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (type instanceof FieldType.Scalar scalar) {
            ScalarType s = scalar.type();
            switch (s) {
                case INT -> {
                    out.put("type", "integer");
                    out.put("minimum", Integer.MIN_VALUE);
                    out.put("maximum", Integer.MAX_VALUE);
                }
                case LONG -> {
                    out.put("type", "integer");
                    out.put("minimum", Long.MIN_VALUE);
                    out.put("maximum", Long.MAX_VALUE);
                }
                case UUID -> {
                    out.put("type", "string");
                    out.put("format", "uuid");
                }
                case INSTANT -> {
                    out.put("type", "string");
                    out.put("format", "date-time");
                }
                case DATE -> {
                    out.put("type", "string");
                    out.put("format", "date");
                }
                default -> out.put("type", s.jsonType());
            }
        } else if (type instanceof FieldType.ListOf list) {
            out.put("type", "array");
            out.put("items", type(list.element()));
        } else if (type instanceof FieldType.MapOf map) {
            out.put("type", "object");
            out.put("additionalProperties", type(map.value()));
        } else if (type instanceof FieldType.EnumOf e) {
            out.put("type", "string");
            out.put("enum", new ArrayList<Object>(e.values()));
        } else {
            out.put("$ref", "#/$defs/" + ((FieldType.MessageRef) type).name());
        }
        return out;
    }
}
