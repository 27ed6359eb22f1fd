package io.pgmq.codegen.manifest;

import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.NodeType;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/** Small questions about YAML nodes that every value type asks. */
final class Nodes {

    private Nodes() {
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
    }

    /** How a node reads in a message: {@code nothing}, {@code a mapping}, {@code a list} or the quoted scalar. */
    static String describe(Node node) {
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

    /** The entry's value if it is a scalar, else empty after reporting that it has none or is not one. */
    static Optional<ScalarNode> scalar(NodeTuple entry, String key, Problems problems) {
        Node node = entry.getValueNode();
        if (isNull(node)) {
            problems.add(entry.getKeyNode(), "\"" + key + "\" has no value", "give it a value or remove the key");
            return Optional.empty();
        }
        if (!(node instanceof ScalarNode scalar)) {
            problems.add(node, "\"" + key + "\" must be a single value, found " + describe(node),
                    "write it on one line, e.g. " + key.substring(key.lastIndexOf('.') + 1) + ": ...");
            return Optional.empty();
        }
        return Optional.of(scalar);
    }

    /**
     * The entry's value if it is a string (a plain or quoted scalar YAML reads as text, as JSON Schema's
     * {@code "type": "string"} sees it), else empty after reporting why not.
     */
    static Optional<String> text(NodeTuple entry, String key, Problems problems) {
        Optional<ScalarNode> scalar = scalar(entry, key, problems);
        if (scalar.isPresent() && !Tag.STR.equals(scalar.get().getTag())) {
            String value = scalar.get().getValue();
            problems.add(scalar.get(), key + " must be text, found " + value + " (" + kind(scalar.get()) + ")",
                    "quote it: " + key.substring(key.lastIndexOf('.') + 1) + ": \"" + value + "\"");
            return Optional.empty();
        }
        return scalar.map(ScalarNode::getValue);
    }

    /** What YAML made of a plain scalar: {@code a number}, {@code a boolean} or {@code text}. */
    static String kind(ScalarNode scalar) {
        if (Tag.INT.equals(scalar.getTag()) || Tag.FLOAT.equals(scalar.getTag())) {
            return "a number";
        }
        return Tag.BOOL.equals(scalar.getTag()) ? "a boolean" : "text";
    }
}
