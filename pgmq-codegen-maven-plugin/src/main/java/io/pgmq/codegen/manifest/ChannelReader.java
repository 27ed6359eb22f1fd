package io.pgmq.codegen.manifest;

import io.pgmq.schema.ChannelName;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Reads one channel entry through the settings table: each key the table lists is read by its row, every problem
 * is reported, and what is valid is kept. Stateless apart from the table it reads through; thread-safe.
 */
final class ChannelReader {

    private final List<ChannelKey> table;

    ChannelReader(List<ChannelKey> table) {
        this.table = List.copyOf(table);
    }

    private List<String> keys() {
        return table.stream().map(ChannelKey::key).toList();
    }

    private String types() {
        return ((Choice<?>) ChannelSettings.TYPE.type()).listed();
    }

    /** The channel if its name and type are valid (with the settings that are), else empty; problems reported. */
    Optional<ChannelSpec> read(String name, Node key, Node value, Problems problems) {
        Position at = problems.position(key);
        Optional<ChannelName.Invalid> invalidName = ChannelName.problem(name);
        invalidName.ifPresent(invalid -> problems.add(at, invalid.message(), invalid.fix()));
        if (Nodes.isNull(value)) {
            problems.add(at, "channel \"" + name + "\" has no \"type\"", "add type: " + types() + ", e.g. { type: text }");
            return Optional.empty();
        }
        if (!(value instanceof MappingNode mapping)) {
            problems.add(value, "channel \"" + name + "\" must be a mapping of settings, found "
                    + Nodes.describe(value), "write e.g. " + name + ": { type: text }");
            return Optional.empty();
        }
        Map<String, NodeTuple> entries = Mappings.keys(mapping, keys(), "channel \"" + name + "\"", problems);
        Map<String, Position> positions = new HashMap<>();
        SettingValues values = SettingValues.NONE;
        Optional<PayloadType> type = Optional.empty();
        if (entries.containsKey(ChannelSettings.TYPE.key())) {
            NodeTuple entry = entries.get(ChannelSettings.TYPE.key());
            positions.put(ChannelSettings.TYPE.key(), problems.position(entry.getValueNode()));
            type = ChannelSettings.TYPE.read(entry, problems);
        } else {
            problems.add(at, "channel \"" + name + "\" has no \"type\"", "add type: " + types());
        }
        for (ChannelKey row : table) {
            NodeTuple entry = entries.get(row.key());
            if (row == ChannelSettings.TYPE) {
                continue;
            }
            if (entry != null && type.isPresent() && !row.payloadTypes().contains(type.get())) {
                problems.add(entry.getKeyNode(), "key \"" + row.key() + "\" does not apply to " + type.get()
                        .manifestName() + " channels", "remove it; it applies to " + row.payloadTypes().stream()
                        .map(PayloadType::manifestName).sorted().toList() + " channels");
                continue;
            }
            values = row instanceof Block block ? readBlock(block, entry, values, positions, problems)
                    : readSetting((Setting<?>) row, Optional.ofNullable(entry), values, positions, problems);
        }
        if (type.isPresent() && type.get() == PayloadType.JSON) {
            boolean message = entries.containsKey(ChannelSettings.MESSAGE.key());
            boolean javaClass = entries.containsKey(ChannelSettings.CLASS.key());
            if (!message && !javaClass) {
                problems.add(at, "json channel \"" + name + "\" names neither a message nor a class",
                        "add message: <a message declared under messages>, e.g. { type: json, message: OrderPlaced },"
                                + " or class: <a class of yours bound by Jackson>, e.g. class: com.acme.events.Event");
            } else if (message && javaClass) {
                problems.add(entries.get(ChannelSettings.CLASS.key()).getKeyNode(), "json channel \"" + name
                        + "\" names both a message and a class", "keep one: message: for a message declared under"
                        + " messages (checked at build time and by the database), or class: for a class of yours");
            }
        }
        if (entries.containsKey(ChannelSettings.RABBITMQ.key())) {
            checkGateway(name, entries.get(ChannelSettings.RABBITMQ.key()), values, problems);
        }
        if (invalidName.isPresent() || type.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ChannelSpec(name, values.with(ChannelSettings.TYPE, type.get()), at, positions));
    }

    /** The rabbitmq block's members that go together: a direction, and the exchange or the queue it needs. */
    private static void checkGateway(String name, NodeTuple block, SettingValues values, Problems problems) {
        if (!(block.getValueNode() instanceof MappingNode mapping)) {
            return;  // readBlock reported it
        }
        Map<String, NodeTuple> members = new HashMap<>();
        for (NodeTuple member : mapping.getValue()) {
            if (member.getKeyNode() instanceof ScalarNode key) {
                members.put(key.getValue(), member);
            }
        }
        Optional<GatewayDirection> direction = values.get(ChannelSettings.RABBITMQ_DIRECTION);
        if (!members.containsKey("direction")) {
            problems.add(block.getKeyNode(), "the rabbitmq gateway of channel \"" + name + "\" has no direction",
                    "add direction: outbound (with exchange:) or direction: inbound (with queue:)");
            return;
        }
        if (direction.isEmpty()) {
            return;  // reported as a bad value
        }
        boolean outbound = direction.get() == GatewayDirection.OUTBOUND;
        String needed = outbound ? "exchange" : "queue";
        if (!members.containsKey(needed)) {
            problems.add(members.get("direction").getValueNode(), "the " + direction.get().manifestName()
                    + " rabbitmq gateway of channel \"" + name + "\" names no " + needed, outbound
                    ? "add exchange: <the exchange to publish to>, e.g. exchange: shop.events (\"\" for the default"
                            + " exchange)"
                    : "add queue: <the queue to consume>, e.g. queue: payments.in");
        }
        for (String other : outbound ? List.of("queue") : List.of("exchange", "routing_key")) {
            if (members.containsKey(other)) {
                problems.add(members.get(other).getKeyNode(), other + " does not apply to the "
                        + direction.get().manifestName() + " rabbitmq gateway of channel \"" + name + "\"",
                        "remove it; " + (outbound ? "an outbound gateway publishes to exchange:"
                                : "an inbound gateway consumes queue:"));
            }
        }
    }

    private static <T> SettingValues readSetting(Setting<T> setting, Optional<NodeTuple> entry, SettingValues values,
            Map<String, Position> positions, Problems problems) {
        if (entry.isEmpty()) {
            return setting.absentValue().map(v -> values.with(setting, v)).orElse(values);
        }
        positions.put(setting.key(), problems.position(entry.get().getValueNode()));
        return setting.read(entry.get(), problems).map(v -> values.with(setting, v)).orElse(values);
    }

    private SettingValues readBlock(Block block, NodeTuple entry, SettingValues values, Map<String, Position> positions,
            Problems problems) {
        Map<String, NodeTuple> members = Map.of();
        if (entry != null) {
            Node node = entry.getValueNode();
            positions.put(block.key(), problems.position(node));
            if (node instanceof MappingNode mapping) {
                members = Mappings.keys(mapping, block.memberKeys(), block.key(), problems);
            } else {
                problems.add(Nodes.isNull(node) ? entry.getKeyNode() : node, block.key() + " must be a mapping, found "
                        + Nodes.describe(node), "write e.g. " + block.key() + ": " + block.example());
            }
        }
        SettingValues out = values;
        for (Setting<?> member : block.members()) {
            out = readSetting(member, Optional.ofNullable(members.get(ValueType.leaf(member.key()))), out, positions,
                    problems);
        }
        if (block.bound().isPresent()) {
            out = checkBound(block.bound().get(), out, members, problems);
        }
        return out;
    }

    private static SettingValues checkBound(Block.Bound bound, SettingValues values, Map<String, NodeTuple> members,
            Problems problems) {
        Optional<Duration> lower = values.get(bound.lower());
        Optional<Duration> upper = values.get(bound.upper());
        if (lower.isPresent() && upper.isPresent() && lower.get().compareTo(upper.get()) > 0) {
            NodeTuple entry = members.get(ValueType.leaf(bound.lower().key()));
            problems.add(entry.getValueNode(), bound.lower().key() + " " + bound.lower().yaml(lower.get())
                    + " is longer than " + bound.upper().key() + " " + bound.upper().yaml(upper.get()),
                    "make " + ValueType.leaf(bound.lower().key()) + " at most " + ValueType.leaf(bound.upper().key()));
        }
        return values;
    }
}
