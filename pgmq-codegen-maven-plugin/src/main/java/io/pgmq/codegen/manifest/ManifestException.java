package io.pgmq.codegen.manifest;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown when a manifest has problems; carries all of them, sorted by position.
 *
 * <p>The message lists one problem per line, each as {@code channels.yaml:LINE:COL: what — fix}.
 */
public final class ManifestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<ManifestProblem> problems;

    /**
     * Creates the exception.
     *
     * @param problems the problems, at least one; sorted here
     * @throws IllegalArgumentException if {@code problems} is empty
     */
    public ManifestException(List<ManifestProblem> problems) {
        super(format(problems));
        this.problems = problems.stream().sorted().toList();
    }

    /** Returns the problems, sorted by position. */
    public List<ManifestProblem> problems() {
        return problems;
    }

    private static String format(List<ManifestProblem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("problems must not be empty");
        }
        return problems.stream().sorted().map(ManifestProblem::message).collect(Collectors.joining("\n"));
    }
}
