package io.pgmq.codegen.migrate;

import io.pgmq.codegen.manifest.ChannelSettings;
import io.pgmq.codegen.manifest.FieldSpec;
import io.pgmq.codegen.manifest.ManifestProblem;
import io.pgmq.codegen.manifest.ManifestReading;
import io.pgmq.codegen.manifest.MessageShape;
import io.pgmq.codegen.manifest.MessageSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Classifies each change to a message that json channels carry, against the shape the lock file recorded. Queued
 * messages outlive deployments, and producers and consumers deploy independently, so a change is allowed only when
 * consumers built from either version read messages written by either version: adding or removing an optional field,
 * adding a message, editing descriptions, adding or removing a value of an open enum. Everything else is refused at
 * the field, naming the message, the field and the way out (a new message on a new channel). Channels bound to a
 * class of the application ({@code class:}) are not checked. Stateless and thread-safe.
 */
final class Evolution {

    private Evolution() {
    }

    static List<ManifestProblem> of(ManifestReading reading, Lock lock) {
        List<ManifestProblem> problems = new ArrayList<>();
        for (Map.Entry<String, MessageShape> e : lock.messages().entrySet()) {
            Optional<MessageSpec> message = reading.message(e.getKey());
            TreeSet<String> channels = channels(e.getKey(), lock);
            if (message.isEmpty() || channels.isEmpty()) {
                // removed with the channels that carried it (a still-used one is an unknown message), or invalid
                continue;
            }
            compare(message.get(), e.getValue(), channels, problems);
        }
        return problems;
    }

    /** The live channels whose message is, or contains, the message. */
    private static TreeSet<String> channels(String message, Lock lock) {
        TreeSet<String> out = new TreeSet<>();
        for (Map.Entry<String, ChannelState> e : lock.channels().entrySet()) {
            Optional<String> carried = e.getValue().values().get(ChannelSettings.MESSAGE);
            if (!e.getValue().dropped() && carried.isPresent() && contains(carried.get(), message, lock)) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    private static boolean contains(String from, String message, Lock lock) {
        Deque<String> todo = new ArrayDeque<>(List.of(from));
        TreeSet<String> seen = new TreeSet<>();
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (name.equals(message)) {
                return true;
            }
            MessageShape shape = lock.messages().get(name);
            if (!seen.add(name) || shape == null) {
                continue;
            }
            for (MessageShape.Field field : shape.fields().values()) {
                String inner = field.type().replaceAll("^((list|map)<)+", "").replaceAll(">+$", "");
                if (lock.messages().containsKey(inner)) {
                    todo.add(inner);
                }
            }
        }
        return false;
    }

    private static void compare(MessageSpec message, MessageShape before, TreeSet<String> channels,
            List<ManifestProblem> problems) {
        MessageShape after = message.shape();
        String carried = "message " + message.name() + " (carried by " + String.join(", ", channels.stream()
                .map(c -> "channel " + c).toList()) + ")";
        String wayOut = wayOut(message.name(), channels);
        for (Map.Entry<String, MessageShape.Field> e : before.fields().entrySet()) {
            String name = e.getKey();
            MessageShape.Field was = e.getValue();
            MessageShape.Field now = after.fields().get(name);
            if (now == null) {
                if (was.required()) {
                    problems.add(new ManifestProblem(message.position(), carried + ": required field \"" + name
                            + "\" (" + was.spelled() + ") was removed, but consumers built before this change"
                            + " need it in every message (a rename is a removal and an addition)",
                            "put it back: " + name + ": " + was.spelled() + "; " + wayOut));
                }
                continue;
            }
            FieldSpec field = message.field(name).orElseThrow();
            if (!was.type().equals(now.type()) || was.open() != now.open()
                    || (!was.open() && !was.values().equals(now.values()))) {
                problems.add(new ManifestProblem(field.typePosition(), carried + ": field \"" + name + "\" changed"
                        + " its type from " + was.spelled() + " to " + now.spelled() + ", which "
                        + typeReason(was, now), "restore " + name + ": " + was.spelled() + "; " + wayOut));
            } else if (was.required() != now.required()) {
                problems.add(new ManifestProblem(field.position(), carried + ": field \"" + name + "\" changed from "
                        + (was.required() ? "required to optional: consumers built before this change fail on"
                                + " messages without it" : "optional to required: queued messages and producers"
                                + " built before this change may leave it out"), (was.required()
                                ? "remove optional: true" : "make it optional again (optional: true)") + "; "
                        + wayOut));
            }
        }
        for (FieldSpec field : message.fields()) {
            if (!before.fields().containsKey(field.name()) && field.required()) {
                problems.add(new ManifestProblem(field.position(), carried + ": required field \"" + field.name()
                        + "\" was added, but queued messages and producers built before this change lack it (a"
                        + " rename is a removal and an addition)", (field.type() instanceof io.pgmq.codegen.manifest.FieldType.EnumOf
                        ? "declare it optional: add optional: true to it" : "declare it optional: " + field.name()
                        + ": { type: " + field.type().expression() + ", optional: true }") + "; " + wayOut));
            }
        }
    }

    private static String typeReason(MessageShape.Field was, MessageShape.Field now) {
        if (was.type().equals("enum") && now.type().equals("enum") && was.open() == now.open()) {
            return "consumers built before this change cannot read (a closed enum's values are fixed; declare the"
                    + " enum open: true, with an UNKNOWN member for old readers, before the first release to add"
                    + " values later)";
        }
        return "consumers built before this change cannot read";
    }

    private static String wayOut(String message, TreeSet<String> channels) {
        return "to change the message, declare " + message + "V2 with the new shape on a new channel, move the"
                + " consumers to it, and retire " + String.join(", ", channels) + " (retired: true) once "
                + (channels.size() == 1 ? "it is" : "they are") + " empty";
    }
}
