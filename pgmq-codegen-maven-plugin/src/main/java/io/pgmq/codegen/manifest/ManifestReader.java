package io.pgmq.codegen.manifest;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.lang.model.SourceVersion;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.NodeType;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/** Walks the YAML node tree once, collecting every problem; not thread-safe, one instance per parse. */
final class ManifestReader {

    static final List<String> ROOT_KEYS = List.of("package", "schema", "channels");
    static final List<String> CHANNEL_KEYS =
            List.of("type", "description", "grants", "max_attempts", "backoff", "lease", "keep_acked", "fillfactor",
                    "retention", "notify", "retired");
    static final List<String> GRANT_KEYS = List.of("send", "receive");
    static final List<String> BACKOFF_KEYS = List.of("base", "max");
    static final List<String> RETENTION_KEYS = List.of("done", "dead");
    static final Set<String> RESERVED_ROLES =
            Set.of("public", "none", "current_user", "current_role", "session_user");

    private static final int MAX_IDENTIFIER_BYTES = 63;
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    private static final String TYPES = "text, xml or bytea";

    private final String file;
    private final List<ManifestProblem> problems = new ArrayList<>();

    ManifestReader(String file) {
        this.file = file;
    }

    ChannelManifest read(String yaml) {
        Node root = compose(yaml);
        ChannelManifest manifest = root == null ? null : readRoot(root);
        if (!problems.isEmpty() || manifest == null) {
            throw new ManifestException(problems);
        }
        return manifest;
    }

    // ---- YAML --------------------------------------------------------------------------------------------

    private Node compose(String yaml) {
        LoadSettings settings = LoadSettings.builder()
                .setLabel(file)
                .setAllowRecursiveKeys(false)
                .setMaxAliasesForCollections(10)
                .build();
        List<Node> documents = new ArrayList<>();
        try {
            for (Node document : new Compose(settings).composeAllFromString(yaml)) {
                documents.add(document);
            }
        } catch (MarkedYamlEngineException e) {
            Position at = e.getProblemMark().or(e::getContextMark).map(this::position).orElse(start());
            String what = e.getProblem() == null ? e.getContext() : e.getProblem();
            problem(at, "the file is not valid YAML: " + what, "fix the YAML syntax at this position");
            return null;
        } catch (YamlEngineException e) {
            problem(start(), "the file is not valid YAML: " + e.getMessage(), "fix the YAML syntax");
            return null;
        }
        if (documents.isEmpty()) {
            problem(start(), "the manifest is empty",
                    "declare at least \"package\" and \"channels\", e.g. package: com.example.channels");
            return null;
        }
        if (documents.size() > 1) {
            problem(position(documents.get(1)), "the manifest holds more than one YAML document",
                    "keep one document: remove this '---' and what follows, or merge it into the first");
            return null;
        }
        return documents.get(0);
    }

    // ---- root --------------------------------------------------------------------------------------------

    private ChannelManifest readRoot(Node root) {
        if (!(root instanceof MappingNode mapping)) {
            problem(position(root), "the manifest must be a mapping with the keys package, schema and channels, found "
                    + describe(root), "write it as key: value lines, e.g. package: com.example.channels");
            return null;
        }
        Map<String, NodeTuple> keys = keys(mapping, ROOT_KEYS, "the manifest");
        String javaPackage = keys.containsKey("package") ? readPackage(keys.get("package")) : missing(mapping,
                "\"package\" is missing", "add the Java package of the generated classes, e.g. package: com.example.channels");
        Optional<String> schema = Optional.ofNullable(keys.get("schema")).map(this::readSchema);
        List<ChannelSpec> channels = keys.containsKey("channels")
                ? readChannels(keys.get("channels"))
                : missingList(mapping, "\"channels\" is missing",
                        "add a \"channels\" mapping, e.g. channels: { order_events: { type: text } }");
        if (javaPackage == null || channels == null || !problems.isEmpty()) {
            return null;
        }
        return new ChannelManifest(javaPackage, schema, channels);
    }

    private String readPackage(NodeTuple entry) {
        String value = string(entry, "package");
        if (value == null) {
            return null;
        }
        Position at = position(entry.getValueNode());
        String[] segments = value.split("\\.", -1);
        for (String segment : segments) {
            if (SourceVersion.isKeyword(segment)) {
                problem(at, "package \"" + value + "\" uses the Java keyword \"" + segment + "\" as a segment",
                        "rename that segment, e.g. \"" + segment + "_\"");
                return null;
            }
        }
        for (String segment : segments) {
            if (!SourceVersion.isIdentifier(segment)) {
                problem(at, "package \"" + value + "\" is not a valid Java package name",
                        "use dot-separated Java identifiers, e.g. \"" + suggestPackage(value) + "\"");
                return null;
            }
        }
        return value;
    }

    private static String suggestPackage(String value) {
        String cleaned = value.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.]", "_")
                .replaceAll("\\.{2,}", ".").replaceAll("^[.]|[.]$", "");
        List<String> out = new ArrayList<>();
        for (String segment : cleaned.split("\\.")) {
            if (segment.isEmpty()) {
                continue;
            }
            out.add(Character.isJavaIdentifierStart(segment.charAt(0)) ? segment : "_" + segment);
        }
        return out.isEmpty() ? "com.example.channels" : String.join(".", out);
    }

    private String readSchema(NodeTuple entry) {
        String value = string(entry, "schema");
        if (value == null) {
            return null;
        }
        Position at = position(entry.getValueNode());
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (value.isBlank()) {
            problem(at, "schema is blank", "name a PostgreSQL schema, e.g. schema: public, or remove the key");
        } else if (bytes > MAX_IDENTIFIER_BYTES) {
            problem(at, "schema \"" + value + "\" is " + bytes + " bytes; PostgreSQL allows at most 63",
                    "shorten the schema name");
        } else if (value.startsWith("pg_")) {
            problem(at, "schema \"" + value + "\" is reserved: the prefix \"pg_\" belongs to PostgreSQL",
                    "use another schema, e.g. \"" + value.substring(3) + "\"");
        } else {
            return value;
        }
        return null;
    }

    // ---- channels ----------------------------------------------------------------------------------------

    private List<ChannelSpec> readChannels(NodeTuple entry) {
        Node node = entry.getValueNode();
        if (isNull(node)) {
            problem(position(entry.getKeyNode()), "\"channels\" has no value",
                    "declare at least one channel, e.g. order_events: { type: text }");
            return null;
        }
        if (!(node instanceof MappingNode mapping)) {
            problem(position(node), "\"channels\" must be a mapping from channel name to settings, found "
                    + describe(node), "write e.g. channels: { order_events: { type: text } }");
            return null;
        }
        if (mapping.getValue().isEmpty()) {
            problem(position(node), "\"channels\" is empty",
                    "declare at least one channel, e.g. order_events: { type: text }");
            return null;
        }
        List<ChannelSpec> channels = new ArrayList<>();
        Map<String, Node> seen = new HashMap<>();
        Map<String, ChannelSpec> byClass = new HashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node key = tuple.getKeyNode();
            if (!(key instanceof ScalarNode scalar)) {
                problem(position(key), "a channel name must be a plain name, found " + describe(key),
                        "write the channel name as a plain key, e.g. order_events:");
                continue;
            }
            String name = scalar.getValue();
            Node first = seen.putIfAbsent(name, key);
            if (first != null) {
                problem(position(key), "channel \"" + name + "\" is declared twice (first at line "
                        + position(first).line() + ")", "merge the two entries into one");
                continue;
            }
            if (tuple.getValueNode().getAnchor().isPresent()) {
                anchor(tuple.getValueNode());
                continue;
            }
            ChannelSpec channel = readChannel(name, key, tuple.getValueNode());
            if (channel == null) {
                continue;
            }
            ChannelSpec clash = byClass.putIfAbsent(channel.javaClassName(), channel);
            if (clash != null) {
                problem(channel.position(), "channels \"" + clash.name() + "\" (line " + clash.position().line()
                        + ") and \"" + name + "\" both map to the Java class " + channel.javaClassName(),
                        "rename one of them");
                continue;
            }
            channels.add(channel);
        }
        return channels;
    }

    private boolean validChannelName(String name, Position at) {
        if (!ChannelSpec.NAME.matcher(name).matches()) {
            problem(at, "channel name \"" + name + "\" is invalid: expected lower-case letters, digits and '_'"
                    + " starting with a letter", "rename it, e.g. \"" + suggestChannelName(name) + "\"");
            return false;
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > ChannelSpec.MAX_NAME_BYTES) {
            problem(at, "channel name \"" + name + "\" is " + bytes + " bytes; at most 51 fit in the table name"
                    + " pg_mq_queue_<name> (PostgreSQL's 63-byte limit)", "shorten it to 51 bytes or fewer");
            return false;
        }
        if (name.startsWith("pg_")) {
            problem(at, "channel name \"" + name + "\" is reserved: the prefix \"pg_\" belongs to PostgreSQL",
                    "rename it, e.g. \"" + name.substring(3) + "\"");
            return false;
        }
        return true;
    }

    static String suggestChannelName(String name) {
        String snake = name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9_]+", "_").replaceAll("^[^a-z]+", "").replaceAll("_+$", "");
        return snake.isEmpty() ? "order_events" : snake;
    }

    private ChannelSpec readChannel(String name, Node key, Node value) {
        Position at = position(key);
        boolean valid = validChannelName(name, at);
        if (isNull(value)) {
            problem(at, "channel \"" + name + "\" has no \"type\"", "add type: " + TYPES + ", e.g. { type: text }");
            return null;
        }
        if (!(value instanceof MappingNode mapping)) {
            problem(position(value), "channel \"" + name + "\" must be a mapping of settings, found "
                    + describe(value), "write e.g. " + name + ": { type: text }");
            return null;
        }
        Map<String, NodeTuple> keys = keys(mapping, CHANNEL_KEYS, "channel \"" + name + "\"");
        PayloadType type = null;
        if (keys.containsKey("type")) {
            type = readType(keys.get("type"));
        } else {
            problem(at, "channel \"" + name + "\" has no \"type\"", "add type: " + TYPES);
        }
        Optional<String> description = Optional.empty();
        if (keys.containsKey("description")) {
            String text = string(keys.get("description"), "description");
            if (text != null && text.isBlank()) {
                problem(position(keys.get("description").getValueNode()), "description is blank",
                        "write a sentence about the channel, or remove the key");
            } else if (text != null) {
                description = Optional.of(text.strip());
            }
        }
        Grants grants = keys.containsKey("grants") ? readGrants(keys.get("grants")) : Grants.NONE;
        OptionalInt maxAttempts = keys.containsKey("max_attempts")
                ? readPositiveInt(keys.get("max_attempts"), "max_attempts") : OptionalInt.empty();
        Optional<Duration> base = Optional.empty();
        Optional<Duration> max = Optional.empty();
        if (keys.containsKey("backoff")) {
            Map<String, NodeTuple> backoff = submapping(keys.get("backoff"), "backoff", BACKOFF_KEYS,
                    "write e.g. backoff: { base: 1s, max: 5m }");
            base = Optional.ofNullable(backoff.get("base")).flatMap(t -> readDuration(t, "backoff.base"));
            max = Optional.ofNullable(backoff.get("max")).flatMap(t -> readDuration(t, "backoff.max"));
            if (base.isPresent() && max.isPresent() && base.get().compareTo(max.get()) > 0) {
                problem(position(backoff.get("base").getValueNode()), "backoff.base "
                        + scalarText(backoff.get("base")) + " is longer than backoff.max "
                        + scalarText(backoff.get("max")), "make base at most max");
                base = Optional.empty();
            }
        }
        Optional<Duration> lease = Optional.ofNullable(keys.get("lease")).flatMap(t -> readDuration(t, "lease"));
        Optional<Boolean> keepAcked = Optional.ofNullable(keys.get("keep_acked"))
                .flatMap(t -> readBoolean(t, "keep_acked", "write keep_acked: true or keep_acked: false"));
        OptionalInt fillfactor = keys.containsKey("fillfactor") ? readFillfactor(keys.get("fillfactor"))
                : OptionalInt.empty();
        Optional<Duration> retention = Optional.empty();
        Optional<Duration> deadRetention = Optional.empty();
        if (keys.containsKey("retention")) {
            Map<String, NodeTuple> kept = submapping(keys.get("retention"), "retention", RETENTION_KEYS,
                    "write e.g. retention: { done: 7d, dead: 30d }");
            retention = Optional.ofNullable(kept.get("done")).flatMap(t -> readDuration(t, "retention.done"));
            deadRetention = Optional.ofNullable(kept.get("dead")).flatMap(t -> readDuration(t, "retention.dead"));
        }
        Optional<NotifyMode> notify = Optional.ofNullable(keys.get("notify")).flatMap(this::readNotify);
        boolean retired = keys.containsKey("retired")
                && readBoolean(keys.get("retired"), "retired", "write retired: true or remove the key").orElse(false);
        if (!valid || type == null || grants == null) {
            return null;
        }
        return new ChannelSpec(name, type, description, grants, maxAttempts, base, max, lease, keepAcked,
                fillfactor, retention, deadRetention, notify, retired, at);
    }

    private Optional<NotifyMode> readNotify(NodeTuple entry) {
        String value = string(entry, "notify");
        if (value == null) {
            return Optional.empty();
        }
        Optional<NotifyMode> mode = NotifyMode.fromManifestName(value);
        if (mode.isEmpty()) {
            String modes = String.join(", ", NotifyMode.NAMES);
            String fix = DidYouMean.suggest(value.toLowerCase(Locale.ROOT).replace('-', '_'), NotifyMode.NAMES)
                    .map(s -> "did you mean \"" + s + "\"? The modes are " + modes)
                    .orElse("use " + modes);
            problem(position(entry.getValueNode()), "notify \"" + value + "\" is unknown", fix);
        }
        return mode;
    }

    private PayloadType readType(NodeTuple entry) {
        String value = string(entry, "type");
        if (value == null) {
            return null;
        }
        Optional<PayloadType> type = PayloadType.fromManifestName(value);
        if (type.isEmpty()) {
            List<String> names = List.of("text", "xml", "bytea");
            String fix = DidYouMean.suggest(value.toLowerCase(Locale.ROOT), names)
                    .map(s -> "did you mean \"" + s + "\"? The types are " + TYPES)
                    .orElse("use " + TYPES);
            problem(position(entry.getValueNode()), "type \"" + value + "\" is unknown", fix);
            return null;
        }
        return type.get();
    }

    private Grants readGrants(NodeTuple entry) {
        Map<String, NodeTuple> keys = submapping(entry, "grants", GRANT_KEYS,
                "write e.g. grants: { send: [shop_app], receive: [mailer] }");
        List<String> send = keys.containsKey("send") ? readRoles(keys.get("send"), "grants.send") : List.of();
        List<String> receive = keys.containsKey("receive")
                ? readRoles(keys.get("receive"), "grants.receive") : List.of();
        return send == null || receive == null ? null : new Grants(send, receive);
    }

    private List<String> readRoles(NodeTuple entry, String what) {
        Node node = entry.getValueNode();
        if (!(node instanceof SequenceNode sequence)) {
            problem(position(isNull(node) ? entry.getKeyNode() : node), what + " must be a list of role names, found "
                    + describe(node), "write e.g. " + what.substring(what.indexOf('.') + 1) + ": [shop_app]");
            return null;
        }
        List<String> roles = new ArrayList<>();
        Map<String, Node> seen = new HashMap<>();
        boolean ok = true;
        for (Node item : sequence.getValue()) {
            Position at = position(item);
            if (!(item instanceof ScalarNode scalar) || isNull(item)) {
                problem(at, "a role in " + what + " must be a name, found " + describe(item),
                        "write the role name, e.g. shop_app");
                ok = false;
                continue;
            }
            String role = scalar.getValue();
            int bytes = role.getBytes(StandardCharsets.UTF_8).length;
            if (role.isBlank()) {
                problem(at, "a role name in " + what + " is blank", "write the role name, e.g. shop_app");
                ok = false;
            } else if (bytes > MAX_IDENTIFIER_BYTES) {
                problem(at, "role name \"" + role + "\" is " + bytes + " bytes; PostgreSQL allows at most 63",
                        "shorten it to the role's real name");
                ok = false;
            } else if (RESERVED_ROLES.contains(role.toLowerCase(Locale.ROOT)) || role.startsWith("pg_")) {
                problem(at, "role \"" + role + "\" is reserved in PostgreSQL",
                        "grant to a role of your application, e.g. shop_app");
                ok = false;
            } else if (seen.containsKey(role)) {
                problem(at, "role \"" + role + "\" is listed twice in " + what + " (first at line "
                        + position(seen.get(role)).line() + ")", "remove one of them");
                ok = false;
            } else {
                seen.put(role, item);
                roles.add(role);
            }
        }
        return ok ? roles : null;
    }

    private OptionalInt readPositiveInt(NodeTuple entry, String what) {
        String value = string(entry, what);
        if (value == null) {
            return OptionalInt.empty();
        }
        Position at = position(entry.getValueNode());
        if (!value.matches("[+-]?\\d+")) {
            problem(at, what + " must be a whole number, found \"" + value + "\"", "write e.g. " + what + ": 5");
            return OptionalInt.empty();
        }
        BigInteger number = new BigInteger(value);
        if (number.signum() <= 0) {
            problem(at, what + " must be at least 1, was " + number, "write a positive number, e.g. " + what + ": 5");
            return OptionalInt.empty();
        }
        if (number.compareTo(BigInteger.valueOf(Integer.MAX_VALUE)) > 0) {
            problem(at, what + " " + number + " is too large; at most 2147483647",
                    "write a smaller number, e.g. " + what + ": 5");
            return OptionalInt.empty();
        }
        return OptionalInt.of(number.intValueExact());
    }

    private OptionalInt readFillfactor(NodeTuple entry) {
        String value = string(entry, "fillfactor");
        if (value == null) {
            return OptionalInt.empty();
        }
        String expected = "fillfactor must be an integer " + ChannelSpec.MIN_FILLFACTOR + ".."
                + ChannelSpec.MAX_FILLFACTOR;
        String fix = "use " + ChannelSpec.DEFAULT_FILLFACTOR + " (the default) for lease claims or "
                + ChannelSpec.MAX_FILLFACTOR + " for channels consumed only with locked claims";
        Position at = position(entry.getValueNode());
        if (!value.matches("[+-]?\\d+")) {
            problem(at, expected + ", found \"" + value + "\"", fix);
            return OptionalInt.empty();
        }
        BigInteger number = new BigInteger(value);
        if (number.compareTo(BigInteger.valueOf(ChannelSpec.MIN_FILLFACTOR)) < 0
                || number.compareTo(BigInteger.valueOf(ChannelSpec.MAX_FILLFACTOR)) > 0) {
            problem(at, expected + ", was " + number, fix);
            return OptionalInt.empty();
        }
        return OptionalInt.of(number.intValueExact());
    }

    private Optional<Duration> readDuration(NodeTuple entry, String what) {
        String value = string(entry, what);
        if (value == null) {
            return Optional.empty();
        }
        Position at = position(entry.getValueNode());
        Matcher m = DURATION.matcher(value.strip());
        if (!m.matches()) {
            problem(at, what + " \"" + value + "\" is not a duration",
                    "write a whole number and a unit (ms, s, m, h or d), e.g. \"30s\" or \"5m\"");
            return Optional.empty();
        }
        Duration duration;
        try {
            long amount = Long.parseLong(m.group(1));
            duration = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        } catch (NumberFormatException | ArithmeticException e) {
            problem(at, what + " \"" + value + "\" is too long", "write a shorter duration, e.g. \"1d\"");
            return Optional.empty();
        }
        if (duration.isZero()) {
            problem(at, what + " must be longer than zero, was \"" + value + "\"",
                    "write a positive duration, e.g. \"30s\", or remove the key");
            return Optional.empty();
        }
        return Optional.of(duration);
    }

    private Optional<Boolean> readBoolean(NodeTuple entry, String what, String fix) {
        String value = string(entry, what);
        if (value == null) {
            return Optional.empty();
        }
        if (value.equals("true") || value.equals("false")) {
            return Optional.of(Boolean.parseBoolean(value));
        }
        problem(position(entry.getValueNode()), what + " must be true or false, found \"" + value + "\"", fix);
        return Optional.empty();
    }

    // ---- generic node helpers ----------------------------------------------------------------------------

    /** The keys of a mapping, reporting unknown, duplicate and non-scalar keys and anchors. */
    private Map<String, NodeTuple> keys(MappingNode mapping, List<String> allowed, String owner) {
        Map<String, NodeTuple> keys = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node key = tuple.getKeyNode();
            if (!(key instanceof ScalarNode scalar)) {
                problem(position(key), "a key of " + owner + " must be a plain name, found " + describe(key),
                        "use one of: " + String.join(", ", allowed));
                continue;
            }
            String name = scalar.getValue();
            if (!allowed.contains(name)) {
                String fix = DidYouMean.suggest(name, allowed)
                        .map(s -> "did you mean \"" + s + "\"? Allowed keys: " + String.join(", ", allowed))
                        .orElse("remove it; allowed keys: " + String.join(", ", allowed));
                problem(position(key), "unknown key \"" + name + "\" in " + owner, fix);
                continue;
            }
            NodeTuple first = keys.putIfAbsent(name, tuple);
            if (first != null) {
                problem(position(key), "key \"" + name + "\" appears twice in " + owner + " (first at line "
                        + position(first.getKeyNode()).line() + ")", "keep one of them");
                continue;
            }
            if (tuple.getValueNode().getAnchor().isPresent()) {
                anchor(tuple.getValueNode());
            }
        }
        return keys;
    }

    private Map<String, NodeTuple> submapping(NodeTuple entry, String what, List<String> allowed, String example) {
        Node node = entry.getValueNode();
        if (!(node instanceof MappingNode mapping)) {
            problem(position(isNull(node) ? entry.getKeyNode() : node), what + " must be a mapping, found "
                    + describe(node), example);
            return Map.of();
        }
        return keys(mapping, allowed, what);
    }

    private void anchor(Node node) {
        problem(position(node), "anchors and aliases (&" + node.getAnchor().orElseThrow().getValue()
                + ") are not supported in the manifest", "write the value out in full");
    }

    /** A scalar value as text, or null after reporting why it is not one. */
    private String string(NodeTuple entry, String what) {
        Node node = entry.getValueNode();
        if (isNull(node)) {
            problem(position(entry.getKeyNode()), "\"" + what + "\" has no value", "give it a value or remove the key");
            return null;
        }
        if (!(node instanceof ScalarNode scalar)) {
            problem(position(node), "\"" + what + "\" must be a single value, found " + describe(node),
                    "write it on one line, e.g. " + what + ": ...");
            return null;
        }
        return scalar.getValue();
    }

    private static String scalarText(NodeTuple entry) {
        return ((ScalarNode) entry.getValueNode()).getValue();
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
    }

    private static String describe(Node node) {
        if (isNull(node)) {
            return "nothing";
        }
        if (node.getNodeType() == NodeType.MAPPING) {
            return "a mapping";
        }
        if (node.getNodeType() == NodeType.SEQUENCE) {
            return "a list";
        }
        return "\"" + ((ScalarNode) node).getValue() + "\"";
    }

    private <T> T missing(MappingNode at, String what, String fix) {
        problem(position(at), what, fix);
        return null;
    }

    private List<ChannelSpec> missingList(MappingNode at, String what, String fix) {
        return missing(at, what, fix);
    }

    private void problem(Position at, String what, String fix) {
        problems.add(new ManifestProblem(at, what, fix));
    }

    private Position start() {
        return new Position(file, 1, 1);
    }

    private Position position(Node node) {
        return node.getStartMark().map(this::position).orElse(start());
    }

    private Position position(Mark mark) {
        return new Position(file, mark.getLine() + 1, mark.getColumn() + 1);
    }
}
