package io.pgmq.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmq.codegen.emit.GeneratedFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Whole-file golden comparisons under {@code src/test/resources/golden/<case>/}. Run the build with
 * {@code -Dpgmq.updateGolden=true} to rewrite them on purpose, then review the diff.
 */
public final class Golden {

    /** The folder of the golden files, relative to the module (surefire runs in the module folder). */
    public static final Path ROOT = Path.of("src/test/resources/golden");

    private Golden() {
    }

    /** Test fixture: the text of {@code src/test/resources/manifests/<name>}. */
    public static Path manifest(String name) {
        return Path.of("src/test/resources/manifests").resolve(name);
    }

    /**
     * Compares one committed generated file (a resource the jar ships, a page of the docs) with what the generator
     * makes now; with {@code -Dpgmq.updateGolden=true} rewrites it instead.
     */
    public static void assertFile(Path file, String expected) {
        try {
            if (Boolean.getBoolean("pgmq.updateGolden")) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                Files.writeString(file, expected, StandardCharsets.UTF_8);
                return;
            }
            assertThat(Files.readString(file, StandardCharsets.UTF_8))
                    .as("%s is stale: regenerate it with -Dpgmq.updateGolden=true and review the diff", file)
                    .isEqualTo(expected);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Compares (or, when updating, rewrites) the whole set of files of one case. */
    public static void assertMatches(String caseName, List<GeneratedFile> files) {
        Path dir = ROOT.resolve(caseName);
        try {
            if (Boolean.getBoolean("pgmq.updateGolden")) {
                if (Files.isDirectory(dir)) {
                    try (Stream<Path> walk = Files.walk(dir)) {
                        for (Path p : walk.sorted((a, b) -> b.compareTo(a)).toList()) {
                            Files.delete(p);
                        }
                    }
                }
                for (GeneratedFile file : files) {
                    Path target = dir.resolve(file.relativePath());
                    Files.createDirectories(target.getParent());
                    Files.writeString(target, file.content(), StandardCharsets.UTF_8);
                }
                return;
            }
            List<String> expected;
            try (Stream<Path> walk = Files.walk(dir)) {
                expected = walk.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString().replace('\\', '/'))
                        .sorted().toList();
            }
            assertThat(files).extracting(GeneratedFile::relativePath)
                    .as("files of golden case %s (refresh with -Dpgmq.updateGolden=true)", caseName)
                    .containsExactlyInAnyOrderElementsOf(expected);
            for (GeneratedFile file : files) {
                assertThat(file.content())
                        .as("%s of golden case %s (refresh with -Dpgmq.updateGolden=true)", file.relativePath(), caseName)
                        .isEqualTo(Files.readString(dir.resolve(file.relativePath()), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
