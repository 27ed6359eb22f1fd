package io.pgmq.codegen.manifest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Parses and validates a channel manifest ({@code channels.yaml}) into a {@link ChannelManifest}.
 *
 * <p>Every problem in the file is collected; if there is any, one {@link ManifestException} lists them all,
 * sorted by position, each as {@code channels.yaml:LINE:COL: what — fix}. Stateless and thread-safe.
 */
public final class ManifestParser {

    private ManifestParser() {
    }

    /**
     * Reads and validates the manifest file.
     *
     * @param file the manifest; its file name is used in messages
     * @return the validated manifest
     * @throws IOException if the file cannot be read
     * @throws ManifestException if the manifest has problems
     */
    public static ChannelManifest parse(Path file) throws IOException {
        return parse(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
    }

    /**
     * Validates manifest text.
     *
     * @param fileName the name shown in messages, e.g. {@code channels.yaml}
     * @param yaml the manifest's text
     * @return the validated manifest
     * @throws ManifestException if the manifest has problems
     */
    public static ChannelManifest parse(String fileName, String yaml) {
        return new ManifestReader(fileName).read(yaml);
    }
}
