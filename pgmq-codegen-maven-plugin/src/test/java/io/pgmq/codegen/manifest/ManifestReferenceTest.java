package io.pgmq.codegen.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmq.codegen.Golden;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/reference/manifest.md} is generated from the settings table and committed; this fails when it is stale.
 * Regenerate it with {@code -Dpgmq.updateGolden=true} (the command is in the file's header).
 */
class ManifestReferenceTest {

    @Test
    void committedReference_isTheOneTheTableGenerates() {
        Golden.assertFile(Path.of("../docs/reference/manifest.md"), ManifestReference.render());
    }

    @Test
    void reference_namesEveryKeyOfTheTable() {
        String reference = ManifestReference.render();

        for (String key : ChannelSettings.ROOT_KEYS) {
            assertThat(reference).contains("| `" + key + "` |");
        }
        for (Setting<?> setting : ChannelSettings.CHANNEL_SETTINGS) {
            assertThat(reference).contains("`" + setting.key() + "`\n");
        }
    }
}
