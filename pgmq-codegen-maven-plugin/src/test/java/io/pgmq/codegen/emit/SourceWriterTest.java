package io.pgmq.codegen.emit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceWriterTest {

    @TempDir
    Path dir;

    @Test
    void unchangedFiles_keepTheirModificationTime() throws IOException {
        List<GeneratedFile> files = List.of(new GeneratedFile("a/A.java", "class A {}\n"));
        SourceWriter.write(dir, files);
        FileTime old = FileTime.fromMillis(1_000_000L);
        Files.setLastModifiedTime(dir.resolve("a/A.java"), old);

        SourceWriter.Result result = SourceWriter.write(dir, files);

        assertThat(result).isEqualTo(new SourceWriter.Result(0, 1, 0));
        assertThat(Files.getLastModifiedTime(dir.resolve("a/A.java"))).isEqualTo(old);
    }

    @Test
    void changedFile_isRewritten() throws IOException {
        SourceWriter.write(dir, List.of(new GeneratedFile("a/A.java", "class A {}\n")));

        SourceWriter.Result result = SourceWriter.write(dir, List.of(new GeneratedFile("a/A.java", "class A { }\n")));

        assertThat(result).isEqualTo(new SourceWriter.Result(1, 0, 0));
        assertThat(dir.resolve("a/A.java")).hasContent("class A { }");
    }

    @Test
    void fileNoLongerGenerated_isDeleted() throws IOException {
        SourceWriter.write(dir, List.of(new GeneratedFile("a/A.java", "class A {}\n"),
                new GeneratedFile("a/B.java", "class B {}\n")));

        SourceWriter.Result result = SourceWriter.write(dir, List.of(new GeneratedFile("a/A.java", "class A {}\n")));

        assertThat(result).isEqualTo(new SourceWriter.Result(0, 1, 1));
        assertThat(dir.resolve("a/B.java")).doesNotExist();
    }
}
