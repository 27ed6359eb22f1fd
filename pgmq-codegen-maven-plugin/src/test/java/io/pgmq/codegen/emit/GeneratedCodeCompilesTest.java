package io.pgmq.codegen.emit;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmq.codegen.Golden;
import io.pgmq.codegen.manifest.ManifestParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated code compiles against pgmq-runtime (a test dependency), and the wrong payload type does not. */
class GeneratedCodeCompilesTest {

    @TempDir
    Path dir;

    @Test
    void generatedShopSources_compile() throws IOException {
        List<Diagnostic<? extends JavaFileObject>> errors = compile(List.of());
        assertThat(errors).isEmpty();
    }

    @Test
    void sendingBytesToTextChannel_doesNotCompile() throws IOException {
        String use = """
                package com.acme.shop.channels;

                class Use {
                    long send(org.jooq.DSLContext tx) {
                        return Channels.ORDER_EMAILS.send(tx, new byte[] {1});
                    }
                }
                """;
        List<Diagnostic<? extends JavaFileObject>> errors = compile(List.of(use));
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).getMessage(Locale.ROOT))
                .contains("no suitable method found for send(org.jooq.DSLContext,byte[])")
                .contains("byte[] cannot be converted to java.lang.String");
        assertThat(errors.get(0).getLineNumber()).isEqualTo(5);
    }

    @Test
    void sendingTextToTextChannel_compiles() throws IOException {
        String use = """
                package com.acme.shop.channels;

                class Use {
                    long send(org.jooq.DSLContext tx) {
                        return Channels.ORDER_EMAILS.send(tx, "hello") + Channels.THUMBNAILS.send(tx, new byte[] {1});
                    }
                }
                """;
        assertThat(compile(List.of(use))).isEmpty();
    }

    private List<Diagnostic<? extends JavaFileObject>> compile(List<String> extraSources) throws IOException {
        Path src = dir.resolve("src");
        SourceWriter.write(src, JavaEmitter.emit(ManifestParser.parse(Golden.manifest("shop.yaml")), "1.2.3"));
        for (int i = 0; i < extraSources.size(); i++) {
            Path file = src.resolve("com/acme/shop/channels/Use" + (i == 0 ? "" : i) + ".java");
            Files.writeString(file, extraSources.get(i), StandardCharsets.UTF_8);
        }
        List<Path> sources = javaFiles(src);
        Path out = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT,
                StandardCharsets.UTF_8)) {
            List<String> options = List.of("--release", "17", "-proc:none", "-Xlint:all", "-Werror",
                    "-classpath", System.getProperty("java.class.path"), "-d", out.toString());
            compiler.getTask(null, files, diagnostics, options, null, files.getJavaFileObjectsFromPaths(sources))
                    .call();
        }
        return diagnostics.getDiagnostics().stream()
                .filter(d -> d.getKind() == Diagnostic.Kind.ERROR || d.getKind() == Diagnostic.Kind.WARNING
                        || d.getKind() == Diagnostic.Kind.MANDATORY_WARNING)
                .toList();
    }

    private static List<Path> javaFiles(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
