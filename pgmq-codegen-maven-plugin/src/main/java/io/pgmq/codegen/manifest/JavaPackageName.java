package io.pgmq.codegen.manifest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.NodeTuple;

/** A Java package name: dot-separated ASCII Java identifiers, none of them a keyword. */
record JavaPackageName() implements TextValue {

    /** Java's keywords and literals (JLS 3.9, 3.10.3, 3.10.8): none may be a package segment. */
    static final List<String> KEYWORDS = List.of("abstract", "assert", "boolean", "break", "byte", "case", "catch",
            "char", "class", "const", "continue", "default", "do", "double", "else", "enum", "extends", "final",
            "finally", "float", "for", "goto", "if", "implements", "import", "instanceof", "int", "interface", "long",
            "native", "new", "package", "private", "protected", "public", "return", "short", "static", "strictfp",
            "super", "switch", "synchronized", "this", "throw", "throws", "transient", "try", "void", "volatile",
            "while", "_", "true", "false", "null");

    private static final String SEGMENT = "[A-Za-z_$][A-Za-z0-9_$]*";
    private static final Pattern IDENTIFIER = Pattern.compile(SEGMENT);

    @Override
    public Optional<String> read(NodeTuple entry, Setting<String> setting, Problems problems) {
        Optional<String> text = Nodes.text(entry, setting.key(), problems);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String value = text.get();
        String[] segments = value.split("\\.", -1);
        for (String segment : segments) {
            if (KEYWORDS.contains(segment)) {
                problems.add(entry.getValueNode(), "package \"" + value + "\" uses the Java keyword \"" + segment
                        + "\" as a segment", "rename that segment, e.g. \"" + segment + "_\"");
                return Optional.empty();
            }
        }
        for (String segment : segments) {
            if (!IDENTIFIER.matcher(segment).matches()) {
                problems.add(entry.getValueNode(), "package \"" + value + "\" is not a valid Java package name",
                        "use dot-separated ASCII Java identifiers, e.g. \""
                                + suggest(value) + "\"");
                return Optional.empty();
            }
        }
        return text;
    }

    private static String suggest(String value) {
        String cleaned = value.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.]", "_")
                .replaceAll("\\.{2,}", ".").replaceAll("^[.]|[.]$", "");
        List<String> out = new ArrayList<>();
        for (String segment : cleaned.split("\\.")) {
            if (segment.isEmpty()) {
                continue;
            }
            String identifier = Character.isJavaIdentifierStart(segment.charAt(0)) ? segment : "_" + segment;
            out.add(KEYWORDS.contains(identifier) ? identifier + "_" : identifier);
        }
        return out.isEmpty() ? "com.example.channels" : String.join(".", out);
    }

    @Override
    public Map<String, Object> schema() {
        String notKeyword = "(?!(" + String.join("|", KEYWORDS).replace("$", "\\$") + ")(\\.|$))";
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "string");
        schema.put("pattern", "^" + notKeyword + SEGMENT + "(\\." + notKeyword + SEGMENT + ")*$");
        return schema;
    }

    @Override
    public String describe() {
        return "a Java package name: dot-separated ASCII identifiers, none a Java keyword";
    }
}
