package io.pgmq.codegen.manifest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads the manifest's {@code messages}: each message's description and fields, each field's type, reporting every
 * problem at its position. What needs the whole manifest (a message that is unknown, unused or contains itself) is
 * checked by {@link MessageGraph}. Not thread-safe: one instance per read.
 */
final class MessageReader {

    static final List<String> MESSAGE_KEYS = List.of("description", "fields");
    static final List<String> FIELD_KEYS = List.of("type", "enum", "open", "optional", "description");

    /** A field's JSON name: lower-case ASCII letters, digits and '_', starting with a letter. */
    static final Pattern FIELD_NAME = Pattern.compile("[a-z][a-z0-9_]*");

    /** An enum value: upper-case ASCII letters, digits and '_', starting with a letter, as Java constants are. */
    static final Pattern ENUM_VALUE = Pattern.compile("[A-Z][A-Z0-9_]*");

    static final int MAX_NAME = 63;

    private final Problems problems;
    private final Set<String> declared = new java.util.TreeSet<>();

    MessageReader(Problems problems) {
        this.problems = problems;
    }

    private final Set<String> incomplete = new HashSet<>();

    /** Every message name written, valid or not, so that a reference to an invalid message is not "undeclared". */
    Set<String> declared() {
        return declared;
    }

    /** The messages read with problems: {@link #read} returns them with their valid fields, for the other checks. */
    Set<String> incomplete() {
        return incomplete;
    }

    List<MessageSpec> read(NodeTuple entry) {
        Node node = entry.getValueNode();
        if (Nodes.isNull(node)) {
            problems.add(entry.getKeyNode(), "\"messages\" has no value",
                    "declare a message, e.g. messages: { OrderPlaced: { fields: { order_id: long } } }, or remove"
                            + " the key");
            return List.of();
        }
        if (!(node instanceof MappingNode mapping)) {
            problems.add(node, "\"messages\" must be a mapping from message name to its fields, found "
                    + Nodes.describe(node), "write e.g. messages: { OrderPlaced: { fields: { order_id: long } } }");
            return List.of();
        }
        List<MessageSpec> messages = new ArrayList<>();
        Map<String, Node> seen = new HashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node key = tuple.getKeyNode();
            if (!(key instanceof ScalarNode scalar)) {
                problems.add(key, "a message name must be a plain name, found " + Nodes.describe(key),
                        "write the message name as a plain key, e.g. OrderPlaced:");
                continue;
            }
            String name = scalar.getValue();
            declared.add(name);
            Node first = seen.putIfAbsent(name, key);
            if (first != null) {
                problems.add(key, "message \"" + name + "\" is declared twice (first at line "
                        + problems.position(first).line() + ")", "merge the two entries into one");
                continue;
            }
            boolean validName = FieldType.MESSAGE_NAME.matcher(name).matches() && name.length() <= MAX_NAME;
            if (!validName) {
                problems.add(key, "message name \"" + name + "\" is invalid: expected UpperCamel ASCII letters and"
                        + " digits starting with an upper-case letter, at most " + MAX_NAME + " characters",
                        "rename it, e.g. \"" + suggestName(name) + "\"");
            }
            if (tuple.getValueNode().getAnchor().isPresent()) {
                Mappings.anchor(tuple.getValueNode(), problems);
                continue;
            }
            Optional<MessageSpec> message = message(name, key, tuple.getValueNode());
            if (validName) {
                message.ifPresent(messages::add);
            }
        }
        return messages;
    }

    private Optional<MessageSpec> message(String name, Node key, Node value) {
        Position at = problems.position(key);
        if (Nodes.isNull(value) || !(value instanceof MappingNode mapping)) {
            problems.add(Nodes.isNull(value) ? key : value, "message \"" + name + "\" must be a mapping with its"
                    + " fields, found " + Nodes.describe(value), "write e.g. " + name
                    + ": { fields: { order_id: long } }");
            return Optional.empty();
        }
        int before = problems.count();
        Map<String, NodeTuple> keys = Mappings.keys(mapping, MESSAGE_KEYS, "message \"" + name + "\"", problems);
        Optional<String> description = Optional.empty();
        if (keys.containsKey("description")) {
            description = prose(keys.get("description"), "description");
        }
        List<FieldSpec> fields = new ArrayList<>();
        if (!keys.containsKey("fields")) {
            problems.add(key, "message \"" + name + "\" has no \"fields\"",
                    "add its fields, e.g. fields: { order_id: long, email: string }");
        } else {
            fields(name, keys.get("fields"), fields);
        }
        if (problems.count() > before) {
            incomplete.add(name);
        }
        return Optional.of(new MessageSpec(name, description, fields, at));
    }

    private void fields(String message, NodeTuple entry, List<FieldSpec> fields) {
        Node node = entry.getValueNode();
        if (!(node instanceof MappingNode mapping) || mapping.getValue().isEmpty()) {
            problems.add(Nodes.isNull(node) ? entry.getKeyNode() : node, "\"fields\" of message \"" + message
                    + "\" must be a mapping from field name to type, found " + (node instanceof MappingNode
                    ? "an empty mapping" : Nodes.describe(node)), "declare at least one field, e.g. fields: {"
                    + " order_id: long }");
            return;
        }
        Map<String, Node> seen = new HashMap<>();
        Map<String, FieldSpec> byJavaName = new HashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node key = tuple.getKeyNode();
            if (!(key instanceof ScalarNode scalar) || !Tags.isText(scalar)) {
                problems.add(key, "a field name must be a plain name, found " + Nodes.describe(key),
                        "write the field name as a plain key, e.g. order_id:");
                continue;
            }
            String name = scalar.getValue();
            Node first = seen.putIfAbsent(name, key);
            if (first != null) {
                problems.add(key, "field \"" + name + "\" of message \"" + message + "\" is declared twice (first at"
                        + " line " + problems.position(first).line() + ")", "keep one of them");
                continue;
            }
            if (!FIELD_NAME.matcher(name).matches() || name.length() > MAX_NAME) {
                problems.add(key, "field name \"" + name + "\" of message \"" + message + "\" is invalid: expected"
                        + " lower-case ASCII letters, digits and '_' starting with a letter, at most " + MAX_NAME
                        + " characters (it is the JSON property name)", "rename it, e.g. \""
                        + suggestField(name) + "\"");
                continue;
            }
            Optional<FieldSpec> field = field(message, name, key, tuple.getValueNode());
            if (field.isEmpty()) {
                continue;
            }
            FieldSpec clash = byJavaName.putIfAbsent(field.get().javaName(), field.get());
            if (clash != null) {
                problems.add(key, "fields \"" + clash.name() + "\" (line " + clash.position().line() + ") and \""
                        + name + "\" of message \"" + message + "\" both map to the Java name "
                        + field.get().javaName(), "rename one of them");
                continue;
            }
            fields.add(field.get());
        }
    }

    private Optional<FieldSpec> field(String message, String name, Node key, Node value) {
        Position at = problems.position(key);
        String javaName = JavaNames.fieldName(name);
        String owner = "field \"" + name + "\" of message \"" + message + "\"";
        if (value instanceof ScalarNode scalar && !Nodes.isNull(value)) {
            return type(owner, scalar).map(t -> new FieldSpec(name, javaName, t, false, Optional.empty(), at,
                    problems.position(scalar)));
        }
        if (!(value instanceof MappingNode mapping)) {
            problems.add(Nodes.isNull(value) ? key : value, owner + " has no type, found " + Nodes.describe(value),
                    "give it a type, e.g. " + name + ": string, or " + name + ": { type: string, optional: true }");
            return Optional.empty();
        }
        int before = problems.count();
        Map<String, NodeTuple> keys = Mappings.keys(mapping, FIELD_KEYS, owner, problems);
        Optional<FieldType> type = Optional.empty();
        Position typeAt = at;
        if (keys.containsKey("type") && keys.containsKey("enum")) {
            problems.add(keys.get("enum").getKeyNode(), owner + " has both \"type\" and \"enum\"",
                    "keep one: type: for a named type, enum: [A, B] for an enum");
        } else if (keys.containsKey("type")) {
            Node typeNode = keys.get("type").getValueNode();
            typeAt = problems.position(typeNode);
            if (typeNode instanceof ScalarNode scalar && !Nodes.isNull(typeNode)) {
                type = type(owner, scalar);
            } else {
                problems.add(Nodes.isNull(typeNode) ? keys.get("type").getKeyNode() : typeNode, owner + ": \"type\""
                        + " must be a type name, found " + Nodes.describe(typeNode), "write e.g. type: string; for an"
                        + " enum write enum: [A, B] instead of type:");
            }
        } else if (keys.containsKey("enum")) {
            typeAt = problems.position(keys.get("enum").getValueNode());
            type = enumType(owner, keys.get("enum"), keys.get("open"));
        } else {
            problems.add(key, owner + " has no type", "add type: string (or another type), or enum: [A, B]");
        }
        if (keys.containsKey("open") && !keys.containsKey("enum")) {
            problems.add(keys.get("open").getKeyNode(), owner + ": \"open\" applies to enums only",
                    "remove it, or declare the field as { enum: [A, B], open: true }");
        }
        boolean optional = false;
        if (keys.containsKey("optional")) {
            optional = flag(keys.get("optional"), owner + ": optional").orElse(false);
        }
        Optional<String> description = Optional.empty();
        if (keys.containsKey("description")) {
            description = prose(keys.get("description"), "description");
        }
        if (problems.count() > before || type.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new FieldSpec(name, javaName, type.get(), optional, description, at, typeAt));
    }

    private Optional<FieldType> enumType(String owner, NodeTuple entry, NodeTuple openEntry) {
        Node node = entry.getValueNode();
        boolean open = openEntry != null && flag(openEntry, owner + ": open").orElse(false);
        if (!(node instanceof SequenceNode list) || list.getValue().isEmpty()) {
            problems.add(Nodes.isNull(node) ? entry.getKeyNode() : node, owner + ": \"enum\" must be a list of"
                    + " values, found " + (node instanceof SequenceNode ? "an empty list" : Nodes.describe(node)),
                    "list the values, e.g. enum: [NEW, PAID]");
            return Optional.empty();
        }
        List<String> values = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        boolean valid = true;
        for (Node item : list.getValue()) {
            if (!(item instanceof ScalarNode scalar) || Nodes.isNull(item)
                    || !ENUM_VALUE.matcher(scalar.getValue()).matches()) {
                problems.add(item, owner + ": enum value " + Nodes.describe(item) + " is invalid: expected"
                        + " upper-case ASCII letters, digits and '_' starting with a letter", "write it like a Java"
                        + " constant, e.g. " + (item instanceof ScalarNode s ? suggestConstant(s.getValue()) : "PAID"));
                valid = false;
                continue;
            }
            String value = scalar.getValue();
            if (!seen.add(value)) {
                problems.add(item, owner + ": enum value " + value + " is listed twice", "keep one of them");
                valid = false;
                continue;
            }
            if (open && value.equals("UNKNOWN")) {
                problems.add(item, owner + ": enum value UNKNOWN is reserved in an open enum (readers get it for"
                        + " values they do not know)", "rename the value, or remove it: the generated enum has"
                        + " UNKNOWN already");
                valid = false;
                continue;
            }
            values.add(value);
        }
        return valid ? Optional.of(new FieldType.EnumOf(values, open)) : Optional.empty();
    }

    /** Parses a type expression: a scalar, a message name, {@code list<T>} or {@code map<T>}. */
    private Optional<FieldType> type(String owner, ScalarNode node) {
        String text = node.getValue().strip();
        Optional<FieldType> type = parse(text.replace(" ", ""));
        if (type.isPresent()) {
            return type;
        }
        String word = text.replaceAll("^(list|map)\\s*<\\s*", "").replaceAll("\\s*>+$", "");
        List<String> known = new ArrayList<>(ScalarType.names());
        known.add("list<T>");
        known.add("map<T>");
        String fix = DidYouMean.suggest(word.toLowerCase(java.util.Locale.ROOT), ScalarType.names())
                .map(s -> "did you mean \"" + s + "\"? ")
                .orElse("") + "Types are " + String.join(", ", known) + ", { enum: [A, B] } and the name of a message"
                + " (UpperCamel)";
        problems.add(node, owner + ": type \"" + text + "\" is unknown", fix);
        return Optional.empty();
    }

    static Optional<FieldType> parse(String text) {
        for (String generic : List.of("list", "map")) {
            if (text.startsWith(generic + "<") && text.endsWith(">")) {
                Optional<FieldType> inner = parse(text.substring(generic.length() + 1, text.length() - 1));
                return inner.map(t -> generic.equals("list") ? new FieldType.ListOf(t) : new FieldType.MapOf(t));
            }
        }
        Optional<ScalarType> scalar = ScalarType.named(text);
        if (scalar.isPresent()) {
            return Optional.of(new FieldType.Scalar(scalar.get()));
        }
        if (FieldType.MESSAGE_NAME.matcher(text).matches()) {
            return Optional.of(new FieldType.MessageRef(text));
        }
        return Optional.empty();
    }

    private Optional<Boolean> flag(NodeTuple entry, String what) {
        Optional<ScalarNode> scalar = Nodes.scalar(entry, what, problems);
        if (scalar.isPresent() && !org.snakeyaml.engine.v2.nodes.Tag.BOOL.equals(scalar.get().getTag())) {
            problems.add(scalar.get(), what + " must be true or false, found " + scalar.get().getValue(),
                    "write true or false");
            return Optional.empty();
        }
        return scalar.map(s -> Boolean.parseBoolean(s.getValue()));
    }

    private Optional<String> prose(NodeTuple entry, String key) {
        Optional<String> text = Nodes.text(entry, key, problems);
        if (text.isPresent() && text.get().isBlank()) {
            problems.add(entry.getValueNode(), key + " is blank", "write some text, or remove the key");
            return Optional.empty();
        }
        return text.map(String::strip);
    }

    private static String suggestName(String name) {
        String camel = JavaNames.className(name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "_"))
                .replaceFirst("Channel$", "");
        return camel.isEmpty() || !Character.isLetter(camel.charAt(0)) ? "OrderPlaced" : camel;
    }

    private static String suggestField(String name) {
        String snake = name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT)
                .replaceAll("[^a-z0-9_]+", "_").replaceAll("^[^a-z]+", "");
        return snake.isEmpty() ? "order_id" : snake;
    }

    private static String suggestConstant(String value) {
        String constant = value.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(java.util.Locale.ROOT)
                .replaceAll("[^A-Z0-9_]+", "_").replaceAll("^[^A-Z]+", "");
        return constant.isEmpty() ? "PAID" : constant;
    }

    /** Key tags. */
    private static final class Tags {
        static boolean isText(ScalarNode node) {
            return org.snakeyaml.engine.v2.nodes.Tag.STR.equals(node.getTag());
        }
    }
}
