package io.pgmq.codegen.manifest;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The checks that need the messages and the channels together: every message a field or a channel names is declared,
 * no message contains itself, every message is used by a channel, and no two generated classes share a name.
 * Stateless; reports into the read's {@link Problems}.
 */
final class MessageGraph {

    /** The package-private helper class the codecs share. */
    static final String HELPER_CLASS = "PgmqJson";

    private MessageGraph() {
    }

    /** Checks the messages against each other and the channels; returns the messages that are valid. */
    static List<MessageSpec> check(List<MessageSpec> messages, Set<String> declared, List<ChannelSpec> channels,
            Problems problems) {
        Map<String, MessageSpec> byName = new LinkedHashMap<>();
        messages.forEach(m -> byName.put(m.name(), m));
        Set<String> broken = new HashSet<>();
        for (MessageSpec message : messages) {
            for (FieldSpec field : message.fields()) {
                Optional<String> ref = reference(field.type());
                if (ref.isPresent() && !declared.contains(ref.get())) {
                    problems.add(field.typePosition(), "field \"" + field.name() + "\" of message \"" + message.name()
                            + "\" has type " + ref.get() + ", which is no built-in type and no declared message",
                            fixFor(ref.get(), declared));
                    broken.add(message.name());
                } else if (ref.isPresent() && !byName.containsKey(ref.get())) {
                    broken.add(message.name());
                }
                if (field.type() instanceof FieldType.EnumOf && JavaNames.enumName(field.name())
                        .equals(message.name())) {
                    problems.add(field.position(), "enum field \"" + field.name() + "\" of message \"" + message.name()
                            + "\" would generate the enum " + message.name() + " inside the record of the same name",
                            "rename the field or the message");
                }
            }
        }
        for (ChannelSpec channel : channels) {
            Optional<String> name = channel.get(ChannelSettings.MESSAGE);
            if (name.isPresent() && !declared.contains(name.get())) {
                problems.add(channel.positionOf(ChannelSettings.MESSAGE), "channel \"" + channel.name()
                        + "\" carries message " + name.get() + ", which is not declared", fixFor(name.get(),
                        declared));
            }
        }
        cycles(byName, problems);
        unused(byName, declared, channels, problems);
        names(messages, channels, problems);
        return messages.stream().filter(m -> !broken.contains(m.name())).toList();
    }

    /** The message a type names, through lists and maps. */
    static Optional<String> reference(FieldType type) {
        if (type instanceof FieldType.MessageRef ref) {
            return Optional.of(ref.name());
        }
        if (type instanceof FieldType.ListOf list) {
            return reference(list.element());
        }
        return type instanceof FieldType.MapOf map ? reference(map.value()) : Optional.empty();
    }

    private static String fixFor(String name, Set<String> declared) {
        return DidYouMean.suggest(name, List.copyOf(declared)).map(s -> "did you mean " + s + "? ").orElse("")
                + "declare it under messages, e.g. messages: { " + name + ": { fields: { ... } } }"
                + (declared.isEmpty() ? "" : "; declared: " + String.join(", ", declared.stream().sorted().toList()));
    }

    private static void cycles(Map<String, MessageSpec> byName, Problems problems) {
        Set<String> done = new HashSet<>();
        for (String start : byName.keySet()) {
            walk(start, byName, new ArrayDeque<>(), new ArrayDeque<>(), done, problems);
        }
    }

    private static void walk(String name, Map<String, MessageSpec> byName, Deque<String> path, Deque<FieldSpec> via,
            Set<String> done, Problems problems) {
        if (done.contains(name) || !byName.containsKey(name)) {
            return;
        }
        path.addLast(name);
        for (FieldSpec field : byName.get(name).fields()) {
            Optional<String> ref = reference(field.type());
            if (ref.isEmpty()) {
                continue;
            }
            via.addLast(field);
            if (path.contains(ref.get())) {
                List<String> names = new ArrayList<>(path);
                List<FieldSpec> fields = new ArrayList<>(via);
                int from = names.indexOf(ref.get());
                StringBuilder chain = new StringBuilder();
                for (int i = from; i < names.size(); i++) {
                    chain.append(names.get(i)).append('.').append(fields.get(i).name()).append(" \u2192 ");
                }
                chain.append(ref.get());
                problems.add(field.typePosition(), "message \"" + ref.get() + "\" contains itself: " + chain
                        + "; a message must be finite for its record, codec and schema", "break the cycle, e.g. refer"
                        + " to the other message by its id (a string or long field) instead");
            } else {
                walk(ref.get(), byName, path, via, done, problems);
            }
            via.removeLast();
        }
        path.removeLast();
        done.add(name);
    }

    private static void unused(Map<String, MessageSpec> byName, Set<String> declared, List<ChannelSpec> channels,
            Problems problems) {
        Set<String> used = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        for (ChannelSpec channel : channels) {
            channel.get(ChannelSettings.MESSAGE).ifPresent(todo::add);
        }
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (!used.add(name) || !byName.containsKey(name)) {
                continue;
            }
            for (FieldSpec field : byName.get(name).fields()) {
                reference(field.type()).ifPresent(todo::add);
            }
        }
        boolean complete = byName.keySet().containsAll(declared);
        for (MessageSpec message : byName.values()) {
            // while another message is invalid, its fields are unknown: it may be the one using this
            if (complete && !used.contains(message.name())) {
                problems.add(message.position(), "message \"" + message.name() + "\" is used by no channel",
                        "give a json channel message: " + message.name() + " (e.g. " + snake(message.name())
                                + ": { type: json, message: " + message.name() + " }), use it in another message's"
                                + " field, or remove it");
            }
        }
    }

    private static void names(List<MessageSpec> messages, List<ChannelSpec> channels, Problems problems) {
        Map<String, String> taken = new HashMap<>();
        taken.put("Channels", "the class Channels");
        taken.put(HELPER_CLASS, "the generated helper " + HELPER_CLASS);
        for (ChannelSpec channel : channels) {
            taken.put(channel.javaClassName(), "the class of channel \"" + channel.name() + "\"");
        }
        for (MessageSpec message : messages) {
            for (String type : List.of(message.name(), message.codecName())) {
                String clash = taken.putIfAbsent(type, "the " + (type.equals(message.name()) ? "record" : "codec")
                        + " of message \"" + message.name() + "\"");
                if (clash != null) {
                    problems.add(message.position(), "message \"" + message.name() + "\" generates the class " + type
                            + ", which is also " + clash, "rename the message");
                }
            }
        }
    }

    private static String snake(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
