package io.pgmq.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmq.codegen.emit.SourceWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An unchanged rebuild returns from the stamp without touching files; any change falls back to a full generate. */
class GenerateStampTest {

    private static final String MANIFEST = """
            package: com.acme.stamp
            channels:
              order_emails: { type: text }
              invoices: { type: xml }
            """;

    private static final FileTime OLD = FileTime.from(Instant.parse("2001-01-01T00:00:00Z"));

    @Test
    void unchangedRebuild_returnsFromStampWithoutRewritingAnything(@TempDir Path dir) throws IOException {
        Path manifest = write(dir, MANIFEST);
        Path out = dir.resolve("out");
        Codegen.generate(manifest, out);
        age(out);

        SourceWriter.Result result = Codegen.generate(manifest, out);

        assertThat(result).isEqualTo(new SourceWriter.Result(0, 3, 0));
        try (var files = Files.walk(out)) {
            assertThat(files.filter(Files::isRegularFile).toList()).hasSize(4)
                    .allSatisfy(f -> assertThat(Files.getLastModifiedTime(f)).isEqualTo(OLD));
        }
    }

    @Test
    void changedManifest_regeneratesAndDeletesStaleClass(@TempDir Path dir) throws IOException {
        Path manifest = write(dir, MANIFEST);
        Path out = dir.resolve("out");
        Codegen.generate(manifest, out);

        write(dir, MANIFEST.replace("  invoices: { type: xml }\n", ""));
        SourceWriter.Result result = Codegen.generate(manifest, out);

        assertThat(result).isEqualTo(new SourceWriter.Result(1, 1, 1));
        assertThat(out.resolve("com/acme/stamp/InvoicesChannel.java")).doesNotExist();
    }

    @Test
    void deletedGeneratedFile_isWrittenAgain(@TempDir Path dir) throws IOException {
        Path manifest = write(dir, MANIFEST);
        Path out = dir.resolve("out");
        Codegen.generate(manifest, out);
        Files.delete(out.resolve("com/acme/stamp/InvoicesChannel.java"));

        SourceWriter.Result result = Codegen.generate(manifest, out);

        assertThat(result).isEqualTo(new SourceWriter.Result(1, 2, 0));
        assertThat(out.resolve("com/acme/stamp/InvoicesChannel.java")).isRegularFile();
    }

    @Test
    void editedGeneratedFile_isRestored(@TempDir Path dir) throws IOException {
        Path manifest = write(dir, MANIFEST);
        Path out = dir.resolve("out");
        Codegen.generate(manifest, out);
        Path channels = out.resolve("com/acme/stamp/Channels.java");
        String original = Files.readString(channels, StandardCharsets.UTF_8);
        Files.writeString(channels, original + "// edited\n", StandardCharsets.UTF_8);

        Codegen.generate(manifest, out);

        assertThat(channels).hasContent(original);
    }

    private static Path write(Path dir, String text) throws IOException {
        return Files.writeString(dir.resolve("channels.yaml"), text, StandardCharsets.UTF_8);
    }

    private static void age(Path out) throws IOException {
        try (var files = Files.walk(out)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(f, OLD);
            }
        }
    }
}
