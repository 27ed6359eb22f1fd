package io.pgmq.codegen.emit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes generated files into an output folder, touching only what changed: a file whose bytes are already
 * right keeps its modification time, and {@code .java} and {@code .schema.json} files no longer generated are
 * deleted.
 *
 * <p>Stateless and thread-safe; two writers on one folder at once are not.
 */
public final class SourceWriter {

    private SourceWriter() {
    }

    /**
     * The outcome of a write.
     *
     * @param written files created or replaced
     * @param unchanged files left untouched because their bytes were right
     * @param deleted stale files removed
     */
    public record Result(int written, int unchanged, int deleted) {
    }

    /**
     * Brings the folder in line with the files.
     *
     * @param outputDirectory the folder, created if missing
     * @param files the files to have there
     * @return what changed
     * @throws IOException if a file cannot be read, written or deleted
     */
    public static Result write(Path outputDirectory, List<GeneratedFile> files) throws IOException {
        int written = 0;
        int unchanged = 0;
        Set<Path> wanted = new HashSet<>();
        for (GeneratedFile file : files) {
            Path target = outputDirectory.resolve(file.relativePath()).normalize();
            wanted.add(target);
            byte[] bytes = file.bytes();
            if (Files.isRegularFile(target) && Files.size(target) == bytes.length
                    && Arrays.equals(Files.readAllBytes(target), bytes)) {
                unchanged++;
                continue;
            }
            Files.createDirectories(target.getParent());
            Files.write(target, bytes);
            written++;
        }
        int deleted = 0;
        if (Files.isDirectory(outputDirectory)) {
            List<Path> stale;
            try (Stream<Path> walk = Files.walk(outputDirectory)) {
                stale = walk.filter(p -> (p.toString().endsWith(".java") || p.toString().endsWith(".schema.json"))
                                && Files.isRegularFile(p))
                        .map(Path::normalize).filter(p -> !wanted.contains(p)).sorted().toList();
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            for (Path p : stale) {
                Files.delete(p);
                deleted++;
            }
        }
        return new Result(written, unchanged, deleted);
    }
}
