package io.pgmq.codegen.manifest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A validated channel manifest ({@code channels.yaml}).
 *
 * <p>Immutable and thread-safe. Build one with {@link ManifestParser}.
 *
 * @param javaPackage the Java package of the generated classes
 * @param schema the PostgreSQL schema of pgmq's core and the queue tables, if given
 * @param channels the channels, sorted by name ({@link String#compareTo})
 * @param messages the message types, sorted by name
 */
public record ChannelManifest(String javaPackage, Optional<String> schema, List<ChannelSpec> channels,
        List<MessageSpec> messages) {

    /**
     * A manifest without messages.
     *
     * @param javaPackage the Java package of the generated classes
     * @param schema the PostgreSQL schema, if given
     * @param channels the channels
     */
    public ChannelManifest(String javaPackage, Optional<String> schema, List<ChannelSpec> channels) {
        this(javaPackage, schema, channels, List.of());
    }

    /** Validates the fields and sorts the channels and messages. */
    public ChannelManifest {
        Objects.requireNonNull(javaPackage, "javaPackage");
        Objects.requireNonNull(schema, "schema");
        List<ChannelSpec> sorted = new ArrayList<>(Objects.requireNonNull(channels, "channels"));
        sorted.sort(Comparator.comparing(ChannelSpec::name));
        Set<String> classes = new HashSet<>();
        for (ChannelSpec channel : sorted) {
            if (!classes.add(channel.javaClassName())) {
                throw new IllegalArgumentException("two channels map to " + channel.javaClassName());
            }
        }
        channels = List.copyOf(sorted);
        List<MessageSpec> sortedMessages = new ArrayList<>(Objects.requireNonNull(messages, "messages"));
        sortedMessages.sort(Comparator.comparing(MessageSpec::name));
        messages = List.copyOf(sortedMessages);
    }

    /** Returns the message with the given name, if declared. */
    public Optional<MessageSpec> message(String name) {
        return messages.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /** Returns the channels not marked {@code retired}, sorted by name. */
    public List<ChannelSpec> activeChannels() {
        return channels.stream().filter(c -> !c.retired()).toList();
    }

    /** Returns the channel with the given name, if declared. */
    public Optional<ChannelSpec> channel(String name) {
        return channels.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
