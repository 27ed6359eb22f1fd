package io.pgmq.codegen.manifest;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Composes a manifest's one YAML document, and says what is wrong with invalid YAML in our own words at the
 * mistake: the parser reports an unclosed {@code '{'} or quote where it gave up, often the line after the end of the
 * file, so these point at where the construct was opened instead. Stateless and thread-safe.
 */
final class YamlDocument {

    private YamlDocument() {
    }

    /** The document's root node, or empty after reporting why there is none. */
    static Optional<Node> compose(String yaml, String file, Problems problems) {
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
            syntax(e, yaml, problems);
            return Optional.empty();
        } catch (YamlEngineException e) {
            problems.add(problems.start(), "the file is not valid YAML: " + e.getMessage(), "fix the YAML syntax");
            return Optional.empty();
        }
        if (documents.isEmpty()) {
            problems.add(problems.start(), "the manifest is empty",
                    "declare at least \"package\" and \"channels\", e.g. package: com.example.channels");
            return Optional.empty();
        }
        if (documents.size() > 1) {
            problems.add(documents.get(1), "the manifest holds more than one YAML document",
                    "keep one document: remove this '---' and what follows, or merge it into the first");
            return Optional.empty();
        }
        return Optional.of(documents.get(0));
    }

    private static void syntax(MarkedYamlEngineException e, String yaml, Problems problems) {
        String context = e.getContext() == null ? "" : e.getContext();
        String problem = e.getProblem() == null ? "" : e.getProblem();
        Optional<Mark> opened = e.getContextMark();
        Optional<Mark> at = e.getProblemMark();
        Position problemAt = at.map(problems::position).orElse(problems.start());
        if (context.startsWith("while parsing a flow mapping") && opened.isPresent()) {
            problems.add(problems.position(opened.get()), "the '{' opened here is not closed (" + gotInstead(problem,
                    problemAt) + ")", "close it with '}', or write its entries as indented lines without braces");
        } else if (context.startsWith("while parsing a flow sequence") && opened.isPresent()) {
            problems.add(problems.position(opened.get()), "the '[' opened here is not closed (" + gotInstead(problem,
                    problemAt) + ")", "close it with ']', or write its items as indented '- ' lines");
        } else if (context.contains("quoted scalar") && problem.contains("end of stream") && opened.isPresent()) {
            problems.add(problems.position(opened.get()), "the quote opened here is not closed",
                    "end the value with the same quote character it starts with");
        } else if (context.startsWith("while scanning a simple key") && opened.isPresent()) {
            problems.add(problems.position(opened.get()), "this key has no ':' after it",
                    "write it as key: value, or key: with its entries indented on the lines below");
        } else if (problem.startsWith("mapping values are not allowed here")) {
            problems.add(problemAt, "a ': ' here would start a key inside a value",
                    "quote the value if it holds ': ' (e.g. description: \"a: b\"), or put the key on its own line,"
                            + " indented under its parent");
        } else if (problem.contains("'\\t(TAB)' that cannot start any token")) {
            problems.add(problemAt, "a tab character here: YAML indents with spaces only",
                    "replace the tab with spaces");
        } else if (problem.contains("that cannot start any token")) {
            problems.add(problemAt, "this character cannot start a YAML value or key",
                    "quote the value, e.g. \"@team\"");
        } else if (problem.startsWith("expected <block end>, but found '}'")
                || problem.startsWith("expected <block end>, but found ']'")) {
            problems.add(problemAt, "this '" + problem.charAt(problem.length() - 2) + "' closes nothing",
                    "remove it, or add the '{' or '[' it should close");
        } else if (problem.startsWith("expected <block end>")) {
            problems.add(problemAt, "this line is indented differently from the entries above it"
                    + opened.map(m -> " (the mapping or list that starts at line " + (m.getLine() + 1) + ")")
                            .orElse(""), "indent it with spaces like its sibling entries, or nest it under the key it"
                    + " belongs to");
        } else {
            Position where = beyondEnd(problemAt, yaml) && opened.isPresent()
                    ? problems.position(opened.get()) : problemAt;
            problems.add(where, "the file is not valid YAML: " + (problem.isEmpty() ? context : problem),
                    "fix the YAML syntax at this position");
        }
    }

    private static String gotInstead(String problem, Position at) {
        return problem.contains("<stream end>") ? "the file ends first"
                : "line " + at.line() + ", column " + at.column() + " comes first";
    }

    /** Whether a position is past the file's last line, where the parser reports what the end of the file left open. */
    private static boolean beyondEnd(Position at, String yaml) {
        return at.line() > yaml.lines().count();
    }
}
