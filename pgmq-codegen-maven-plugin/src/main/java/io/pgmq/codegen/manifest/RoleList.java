package io.pgmq.codegen.manifest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/** A list of distinct PostgreSQL role names, none reserved; absent means none. */
record RoleList() implements ValueType<List<String>> {

    /** Role names PostgreSQL reserves (compared ignoring case); {@code pg_*} is reserved too. */
    static final List<String> RESERVED = List.of("public", "none", "current_user", "current_role", "session_user");

    private static final int MAX_BYTES = 63;

    @Override
    public Optional<List<String>> read(NodeTuple entry, Setting<List<String>> setting, Problems problems) {
        String what = setting.key();
        Node node = entry.getValueNode();
        if (!(node instanceof SequenceNode sequence)) {
            problems.add(Nodes.isNull(node) ? entry.getKeyNode() : node, what + " must be a list of role names, found "
                    + Nodes.describe(node), "write e.g. " + ValueType.leaf(what) + ": " + setting.example());
            return Optional.empty();
        }
        List<String> roles = new ArrayList<>();
        Map<String, Node> seen = new HashMap<>();
        int before = problems.count();
        for (Node item : sequence.getValue()) {
            if (!(item instanceof ScalarNode scalar) || Nodes.isNull(item)) {
                problems.add(item, "a role in " + what + " must be a name, found " + Nodes.describe(item),
                        "write the role name, e.g. shop_app");
                continue;
            }
            String role = scalar.getValue();
            int bytes = role.getBytes(StandardCharsets.UTF_8).length;
            if (!Tag.STR.equals(scalar.getTag())) {
                problems.add(item, "a role in " + what + " must be a name, found " + role + " ("
                        + Nodes.kind(scalar) + ")", "quote it: \"" + role + "\"");
            } else if (role.isBlank()) {
                problems.add(item, "a role name in " + what + " is blank", "write the role name, e.g. shop_app");
            } else if (bytes > MAX_BYTES) {
                problems.add(item, "role name \"" + role + "\" is " + bytes + " bytes; PostgreSQL allows at most 63",
                        "shorten it to the role's real name");
            } else if (RESERVED.contains(role.toLowerCase(Locale.ROOT)) || role.startsWith("pg_")) {
                problems.add(item, "role \"" + role + "\" is reserved in PostgreSQL",
                        "grant to a role of your application, e.g. shop_app");
            } else if (seen.containsKey(role)) {
                problems.add(item, "role \"" + role + "\" is listed twice in " + what + " (first at line "
                        + problems.position(seen.get(role)).line() + ")", "remove one of them");
            } else {
                seen.put(role, item);
                roles.add(role);
            }
        }
        return problems.count() == before ? Optional.of(List.copyOf(roles)) : Optional.empty();
    }

    @Override
    public String yaml(List<String> value) {
        return value.toString();
    }

    @Override
    public String json(List<String> value) {
        return value.stream().map(JsonText::string).collect(Collectors.joining(", ", "[", "]"));
    }

    @Override
    public List<String> fromJson(Object json) {
        List<String> roles = new ArrayList<>();
        for (Object item : (List<?>) json) {
            roles.add((String) item);
        }
        return List.copyOf(roles);
    }

    @Override
    public String sql(List<String> value) {
        return value.stream().map(SqlText::literal).collect(Collectors.joining(", "));
    }

    @Override
    public Map<String, Object> schema() {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("type", "string");
        item.put("pattern", "\\S");
        item.put("maxLength", MAX_BYTES);
        String reserved = RESERVED.stream().map(RoleList::anyCase).collect(Collectors.joining("|"));
        item.put("not", Map.of("pattern", "^(pg_|(" + reserved + ")$)"));
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "array");
        schema.put("uniqueItems", true);
        schema.put("items", item);
        return schema;
    }

    @Override
    public String describe() {
        return "a list of role names (each at most 63 bytes; not public, none, current_user, current_role,"
                + " session_user or pg_*)";
    }

    @Override
    public String beyondSchema() {
        return "The plugin counts a role's 63 in bytes (UTF-8); JSON Schema's maxLength counts characters.";
    }

    /** {@code [Pp][Uu]...}: JSON Schema patterns have no case-insensitive flag. */
    private static String anyCase(String word) {
        StringBuilder out = new StringBuilder();
        for (char c : word.toCharArray()) {
            out.append(Character.isLetter(c) ? "[" + Character.toUpperCase(c) + c + "]" : String.valueOf(c));
        }
        return out.toString();
    }
}
