package io.pgmq.codegen.manifest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Reads a manifest: its top-level keys, and each channel through {@link ChannelReader}, collecting every problem.
 * Not thread-safe: one instance per read.
 */
final class ManifestReader {

    private final String file;
    private final ChannelReader channelReader;
    private final Problems problems;

    ManifestReader(String file) {
        this(file, ChannelSettings.CHANNEL);
    }

    ManifestReader(String file, List<ChannelKey> channelTable) {
        this.file = file;
        this.channelReader = new ChannelReader(channelTable);
        this.problems = new Problems(file);
    }

    ManifestReading read(String yaml) {
        Optional<Node> root = YamlDocument.compose(yaml, file, problems);
        if (root.isEmpty()) {
            return new ManifestReading(file, Optional.empty(), Optional.empty(), Optional.empty(), List.of(), Set.of(),
                    List.of(), problems.all());
        }
        if (!(root.get() instanceof MappingNode mapping)) {
            problems.add(root.get(), "the manifest must be a mapping with the keys package, schema and channels,"
                    + " found " + Nodes.describe(root.get()), "write it as key: value lines, e.g. package:"
                    + " com.example.channels");
            return new ManifestReading(file, Optional.empty(), Optional.empty(), Optional.empty(), List.of(), Set.of(),
                    List.of(), problems.all());
        }
        Map<String, NodeTuple> keys = Mappings.keys(mapping, ChannelSettings.ROOT_KEYS, "the manifest", problems);
        Optional<String> javaPackage = Optional.empty();
        if (keys.containsKey("package")) {
            javaPackage = ChannelSettings.PACKAGE.read(keys.get("package"), problems);
        } else {
            problems.add(mapping, "\"package\" is missing",
                    "add the Java package of the generated classes, e.g. package: com.example.channels");
        }
        Optional<String> schema = Optional.empty();
        Optional<Position> schemaAt = Optional.empty();
        if (keys.containsKey("schema")) {
            schemaAt = Optional.of(problems.position(keys.get("schema").getValueNode()));
            schema = ChannelSettings.SCHEMA.read(keys.get("schema"), problems);
        }
        Set<String> names = new LinkedHashSet<>();
        List<ChannelSpec> channels = new ArrayList<>();
        if (keys.containsKey("channels")) {
            readChannels(keys.get("channels"), names, channels);
        } else {
            problems.add(mapping, "\"channels\" is missing",
                    "add a \"channels\" mapping, e.g. channels: { order_events: { type: text } }");
        }
        List<MessageSpec> messages = List.of();
        Set<String> declared = Set.of();
        Set<String> incomplete = Set.of();
        if (keys.containsKey("messages")) {
            MessageReader reader = new MessageReader(problems);
            messages = reader.read(keys.get("messages"));
            declared = reader.declared();
            incomplete = reader.incomplete();
        }
        Set<String> partial = incomplete;
        messages = MessageGraph.check(messages, declared, channels, problems).stream()
                .filter(m -> !partial.contains(m.name())).toList();
        return new ManifestReading(file, javaPackage, schema, schemaAt, channels, names, messages, problems.all());
    }

    private void readChannels(NodeTuple entry, Set<String> names, List<ChannelSpec> channels) {
        Node node = entry.getValueNode();
        if (Nodes.isNull(node)) {
            problems.add(entry.getKeyNode(), "\"channels\" has no value",
                    "declare at least one channel, e.g. order_events: { type: text }");
            return;
        }
        if (!(node instanceof MappingNode mapping)) {
            problems.add(node, "\"channels\" must be a mapping from channel name to settings, found "
                    + Nodes.describe(node), "write e.g. channels: { order_events: { type: text } }");
            return;
        }
        if (mapping.getValue().isEmpty()) {
            problems.add(node, "\"channels\" is empty", "declare at least one channel, e.g. order_events: { type: text }");
            return;
        }
        Map<String, Node> seen = new HashMap<>();
        Map<String, ChannelSpec> byClass = new HashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node key = tuple.getKeyNode();
            if (!(key instanceof ScalarNode scalar)) {
                problems.add(key, "a channel name must be a plain name, found " + Nodes.describe(key),
                        "write the channel name as a plain key, e.g. order_events:");
                continue;
            }
            String name = scalar.getValue();
            Node first = seen.putIfAbsent(name, key);
            if (first != null) {
                problems.add(key, "channel \"" + name + "\" is declared twice (first at line "
                        + problems.position(first).line() + ")", "merge the two entries into one");
                continue;
            }
            names.add(name);
            if (tuple.getValueNode().getAnchor().isPresent()) {
                Mappings.anchor(tuple.getValueNode(), problems);
                continue;
            }
            Optional<ChannelSpec> channel = channelReader.read(name, key, tuple.getValueNode(), problems);
            if (channel.isEmpty()) {
                continue;
            }
            ChannelSpec clash = byClass.putIfAbsent(channel.get().javaClassName(), channel.get());
            if (clash != null) {
                problems.add(channel.get().position(), "channels \"" + clash.name() + "\" (line "
                        + clash.position().line() + ") and \"" + name + "\" both map to the Java class "
                        + channel.get().javaClassName(), "rename one of them");
                continue;
            }
            channels.add(channel.get());
        }
    }
}
