package io.pgmq.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/quickstart.md shows a newcomer's project file by file; the invoker IT {@code src/it/quickstart} runs exactly
 * those files from an empty folder (make-migrations, generate, check, the tests on a real database). This keeps the
 * two equal, so the page cannot drift from what was tried.
 */
class QuickstartDocTest {

    private static final Path DOC = Path.of("../docs/quickstart.md");
    private static final Path IT = Path.of("src/it/quickstart");
    /** A file block: a line {@code **`path`**}, a blank line, then a fenced block. */
    private static final Pattern FILE_BLOCK = Pattern.compile("\\*\\*`([^`]+)`\\*\\*\\n\\n```[a-z]*\\n(.*?)```\\n",
            Pattern.DOTALL);
    /** Files of the IT that are not the user's: how invoker runs it and checks it. */
    private static final List<String> IT_ONLY = List.of("invoker.properties", "verify.groovy");

    @Test
    void everyFileOfTheQuickstart_isShownWholeOnThePage() throws IOException {
        Map<String, String> shown = fileBlocks(Files.readString(DOC));
        Map<String, String> tried = itFiles();

        assertThat(shown.keySet()).as("files docs/quickstart.md shows, against src/it/quickstart's")
                .containsExactlyInAnyOrderElementsOf(tried.keySet());
        tried.forEach((path, content) -> assertThat(shown.get(path))
                .as("%s in docs/quickstart.md must equal src/it/quickstart/%s (with the version filled in)", path, path)
                .isEqualTo(content));
    }

    @Test
    void pageShowsTheBuildsVersion() throws IOException {
        assertThat(Files.readString(DOC)).contains("<pgmq.version>" + version() + "</pgmq.version>");
    }

    private static Map<String, String> fileBlocks(String page) {
        Map<String, String> blocks = new LinkedHashMap<>();
        Matcher m = FILE_BLOCK.matcher(page);
        while (m.find()) {
            blocks.put(m.group(1), m.group(2));
        }
        return blocks;
    }

    private static Map<String, String> itFiles() throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        try (Stream<Path> walk = Files.walk(IT)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                String path = IT.relativize(file).toString().replace('\\', '/');
                if (!IT_ONLY.contains(path)) {
                    files.put(path, Files.readString(file).replace("@project.version@", version()));
                }
            }
        }
        return files;
    }

    private static String version() {
        String version = System.getProperty("pgmq.version");
        assertThat(version).as("system property pgmq.version (set by the module's surefire configuration)")
                .isNotBlank();
        return version;
    }
}
