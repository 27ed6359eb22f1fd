package io.pgmq.codegen.manifest;

import java.util.ArrayList;
import java.util.List;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.Node;

/** The problems found while one manifest is read, with positions in its file; not thread-safe, one per read. */
final class Problems {

    private final String file;
    private final List<ManifestProblem> problems = new ArrayList<>();

    Problems(String file) {
        this.file = file;
    }

    void add(Position at, String what, String fix) {
        problems.add(new ManifestProblem(at, what, fix));
    }

    void add(Node at, String what, String fix) {
        add(position(at), what, fix);
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    int count() {
        return problems.size();
    }

    List<ManifestProblem> all() {
        return List.copyOf(problems);
    }

    Position start() {
        return new Position(file, 1, 1);
    }

    Position position(Node node) {
        return node.getStartMark().map(this::position).orElse(start());
    }

    Position position(Mark mark) {
        return new Position(file, mark.getLine() + 1, mark.getColumn() + 1);
    }
}
