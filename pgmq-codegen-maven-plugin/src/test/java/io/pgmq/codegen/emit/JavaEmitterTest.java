package io.pgmq.codegen.emit;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmq.codegen.Golden;
import io.pgmq.codegen.manifest.ChannelManifest;
import io.pgmq.codegen.manifest.ManifestParser;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class JavaEmitterTest {

    /** A fixed version, so the golden files do not change with every release. */
    static final String VERSION = "1.2.3";

    static ChannelManifest shop() throws IOException {
        return ManifestParser.parse(Golden.manifest("shop.yaml"));
    }

    @Test
    void shopManifest_matchesGoldenFiles() throws IOException {
        Golden.assertMatches("shop/java", JavaEmitter.emit(shop(), VERSION));
    }

    static ChannelManifest orders() throws IOException {
        return ManifestParser.parse(Golden.manifest("orders.yaml"));
    }

    @Test
    void ordersManifest_matchesGoldenFiles() throws IOException {
        Golden.assertMatches("orders/java", JavaEmitter.emit(orders(), VERSION));
    }

    @Test
    void ordersManifest_messageSchemasMatchGoldenFiles() throws IOException {
        Golden.assertMatches("orders/resources", MessageSchemas.emit(orders()));
    }

    @Test
    void sameMessages_giveByteIdenticalFiles() throws IOException {
        assertThat(JavaEmitter.emit(orders(), VERSION)).isEqualTo(JavaEmitter.emit(orders(), VERSION));
        assertThat(MessageSchemas.emit(orders())).isEqualTo(MessageSchemas.emit(orders()));
    }

    @Test
    void sameManifest_givesByteIdenticalFiles() throws IOException {
        List<GeneratedFile> first = JavaEmitter.emit(shop(), VERSION);
        List<GeneratedFile> second = JavaEmitter.emit(ManifestParser.parse(Golden.manifest("shop.yaml")), VERSION);
        assertThat(second).isEqualTo(first);
    }

    @Test
    void retiredChannel_getsNoClass() throws IOException {
        assertThat(JavaEmitter.emit(shop(), VERSION)).extracting(GeneratedFile::relativePath)
                .noneMatch(path -> path.contains("OldFeed"));
    }

    @Test
    void generatedAnnotation_carriesVersionAndNoTimestamp() throws IOException {
        assertThat(JavaEmitter.emit(shop(), VERSION)).allSatisfy(file -> assertThat(file.content())
                .contains("@Generated(", "value = \"io.pgmq.codegen\"", "comments = \"pgmq 1.2.3\"")
                .doesNotContain("date =").doesNotContain("\r"));
    }

    @Test
    void channelNamedLikeItsBase_stillExtendsTheRuntimeClass() {
        ChannelManifest manifest = ManifestParser.parse("channels.yaml", "package: a.b\nchannels: { text: { type: text } }\n");
        String source = JavaEmitter.emit(manifest, VERSION).stream()
                .filter(f -> f.relativePath().endsWith("/TextChannel.java")).findFirst().orElseThrow().content();
        assertThat(source).contains("public final class TextChannel extends io.pgmq.TextChannel");
    }
}
