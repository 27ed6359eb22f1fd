package io.pgmq.codegen.manifest;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What reading a manifest found, also when it has problems: the channels whose name and type are valid, the
 * schema, and every problem. A migration plan checks the changes it refuses (a payload type, the schema) against
 * this, so that those are reported together with the manifest's own problems, all at once.
 *
 * <p>Immutable and thread-safe.
 *
 * @param label how messages name the manifest file
 * @param javaPackage the package, if valid
 * @param schema the schema, if written and valid
 * @param schemaPosition where the schema's value is, if the key is written
 * @param channels the channels whose name and type are valid (with the other settings that are), by name
 * @param channelNames every channel name the manifest writes, valid or not
 * @param messages the messages that are valid, in the manifest's order
 * @param problems the problems, sorted by position; empty if the manifest is valid
 */
public record ManifestReading(String label, Optional<String> javaPackage, Optional<String> schema, Optional<Position> schemaPosition,
        List<ChannelSpec> channels, Set<String> channelNames, List<MessageSpec> messages,
        List<ManifestProblem> problems) {

    /** Validates and copies the fields. */
    public ManifestReading {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(javaPackage, "javaPackage");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(schemaPosition, "schemaPosition");
        channels = List.copyOf(channels);
        channelNames = Set.copyOf(channelNames);
        messages = List.copyOf(messages);
        problems = problems.stream().sorted().toList();
    }

    /** Returns whether the manifest is valid: no problems. */
    public boolean valid() {
        return problems.isEmpty();
    }

    /**
     * Returns the validated manifest.
     *
     * @return the manifest
     * @throws ManifestException if there are problems, listing them all
     */
    public ChannelManifest manifest() {
        if (!valid()) {
            throw new ManifestException(problems);
        }
        return new ChannelManifest(javaPackage.orElseThrow(), schema, channels, messages);
    }

    /** Returns the message with the given name, if it is valid. */
    public Optional<MessageSpec> message(String name) {
        return messages.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /** Returns the channel with the given name, if its name and type are valid. */
    public Optional<ChannelSpec> channel(String name) {
        return channels.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
