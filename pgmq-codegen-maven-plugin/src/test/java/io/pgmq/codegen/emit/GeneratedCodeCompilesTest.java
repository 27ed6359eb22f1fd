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

    @Test
    void manifestGateways_areBuildersTypedByTheirChannel() throws IOException {
        String use = """
                package com.acme.shop.channels;

                import com.rabbitmq.client.ConnectionFactory;
                import io.pgmq.rabbitmq.Inbound;
                import io.pgmq.rabbitmq.Outbound;
                import javax.sql.DataSource;

                class Use {
                    Outbound.Builder<String> out(DataSource ds, ConnectionFactory amqp) {
                        return Channels.ORDER_EMAILS.rabbitmqOutbound(ds, amqp);
                    }

                    Inbound.Builder<byte[]> in(DataSource ds, ConnectionFactory amqp) {
                        return Channels.THUMBNAILS.rabbitmqInbound(ds, amqp).prefetch(100);
                    }
                }
                """;
        assertThat(compile(List.of(use))).isEmpty();
    }

    /** A class of the application that a class: channel names. */
    private static final String LEGACY_EVENT = """
            package com.acme.events;

            public record LegacyEvent(String kind) {
            }
            """;

    @Test
    void generatedOrdersSources_compile() throws IOException {
        assertThat(compileOrders(List.of())).isEmpty();
    }

    @Test
    void sendingOrderLineToOrderPlacedChannel_doesNotCompile() throws IOException {
        String use = """
                package com.acme.orders;

                class Use {
                    long send(org.jooq.DSLContext tx, OrderLine line) {
                        return Channels.ORDER_PLACED.send(tx, line);
                    }
                }
                """;
        List<Diagnostic<? extends JavaFileObject>> errors = compileOrders(List.of(use));
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).getMessage(Locale.ROOT))
                .contains("no suitable method found for send(org.jooq.DSLContext,com.acme.orders.OrderLine)")
                .contains("com.acme.orders.OrderLine cannot be converted to com.acme.orders.OrderPlaced");
        assertThat(errors.get(0).getLineNumber()).isEqualTo(5);
    }

    @Test
    void orderPlacedCodec_roundTripsAndNamesTheFieldItCannotRead() throws Exception {
        String use = Files.readString(Path.of("src/test/resources/compile/OrdersRoundTrip.java.txt"),
                StandardCharsets.UTF_8);
        assertThat(compileOrders(List.of(use))).isEmpty();
        try (java.net.URLClassLoader loader = new java.net.URLClassLoader(
                new java.net.URL[] {dir.resolve("classes").toUri().toURL()}, getClass().getClassLoader())) {
            String[] out = ((String) loader.loadClass("com.acme.orders.Use").getMethod("run").invoke(null))
                    .split("\n");
            assertThat(out[0]).isEqualTo("{\"order_id\":42,\"email\":\"a@example.com\",\"total\":12.50,"
                    + "\"placed_at\":\"2026-01-31T10:15:30Z\",\"lines\":[{\"sku\":\"sku-1\",\"quantity\":2,"
                    + "\"price\":6.25,\"id\":\"6f1c2a9e-0000-4000-8000-000000000001\",\"kind\":\"ITEM\"}],"
                    + "\"status\":\"PAID\",\"delivery_date\":\"2026-02-01\",\"tags\":{\"a\":\"b\"},\"class\":7}");
            assertThat(out[1]).isEqualTo("UNKNOWN");
            assertThat(out[2]).isEqualTo("message OrderPlaced, field \"email\": is required but missing or null");
            assertThat(out[3]).isEqualTo("message OrderLine, field \"quantity\": expected a whole number, found the"
                    + " string \"two\"");
        }
    }

    private List<Diagnostic<? extends JavaFileObject>> compileOrders(List<String> extraSources) throws IOException {
        return compile("orders.yaml", "com/acme/orders", extraSources);
    }

    private List<Diagnostic<? extends JavaFileObject>> compile(List<String> extraSources) throws IOException {
        return compile("shop.yaml", "com/acme/shop/channels", extraSources);
    }

    private List<Diagnostic<? extends JavaFileObject>> compile(String manifest, String folder,
            List<String> extraSources) throws IOException {
        Path src = dir.resolve("src");
        SourceWriter.write(src, JavaEmitter.emit(ManifestParser.parse(Golden.manifest(manifest)), "1.2.3"));
        for (int i = 0; i < extraSources.size(); i++) {
            Path file = src.resolve(folder + "/Use" + (i == 0 ? "" : i) + ".java");
            Files.writeString(file, extraSources.get(i), StandardCharsets.UTF_8);
        }
        if (manifest.equals("orders.yaml")) {
            Files.createDirectories(src.resolve("com/acme/events"));
            Files.writeString(src.resolve("com/acme/events/LegacyEvent.java"), LEGACY_EVENT, StandardCharsets.UTF_8);
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
