package io.pgmq.codegen.manifest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/** The keys of a YAML mapping, checked against the keys allowed there. */
final class Mappings {

    private Mappings() {
    }

    /** The entries by key, reporting unknown, duplicate and non-scalar keys and anchored values. */
    static Map<String, NodeTuple> keys(MappingNode mapping, List<String> allowed, String owner, Problems problems) {
        Map<String, NodeTuple> keys = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node key = tuple.getKeyNode();
            if (!(key instanceof ScalarNode scalar)) {
                problems.add(key, "a key of " + owner + " must be a plain name, found " + Nodes.describe(key),
                        "use one of: " + String.join(", ", allowed));
                continue;
            }
            String name = scalar.getValue();
            if (!allowed.contains(name)) {
                String fix = DidYouMean.suggest(name, allowed)
                        .map(s -> "did you mean \"" + s + "\"? Allowed keys: " + String.join(", ", allowed))
                        .orElse("remove it; allowed keys: " + String.join(", ", allowed));
                if (mapping.getFlowStyle() == org.snakeyaml.engine.v2.common.FlowStyle.FLOW
                        && Nodes.isNull(tuple.getValueNode()) && name.contains(" ")) {
                    fix = "a ',' inside { } ends the value before it: quote that value, e.g. description: \"Promotion"
                            + " code, if any.\"";
                }
                problems.add(key, "unknown key \"" + name + "\" in " + owner, fix);
                continue;
            }
            NodeTuple first = keys.putIfAbsent(name, tuple);
            if (first != null) {
                problems.add(key, "key \"" + name + "\" appears twice in " + owner + " (first at line "
                        + problems.position(first.getKeyNode()).line() + ")", "keep one of them");
                continue;
            }
            if (tuple.getValueNode().getAnchor().isPresent()) {
                anchor(tuple.getValueNode(), problems);
            }
        }
        return keys;
    }

    static void anchor(Node node, Problems problems) {
        problems.add(node, "anchors and aliases (&" + node.getAnchor().orElseThrow().getValue()
                + ") are not supported in the manifest", "write the value out in full");
    }
}
