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
     * Reads and validates the manifest file, naming it by its file name in messages.
     *
     * @param file the manifest
     * @return the validated manifest
     * @throws IOException if the file cannot be read
     * @throws ManifestException if the manifest has problems
     */
    public static ChannelManifest parse(Path file) throws IOException {
        return read(file, file.getFileName().toString()).manifest();
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
        return read(fileName, yaml).manifest();
    }

    /**
     * Reads the manifest file, keeping what is valid and every problem.
     *
     * @param file the manifest
     * @param label how messages name it, e.g. {@code src/main/pgmq/channels.yaml} (from the project's folder, so
     *     that IDEs and terminals link to it)
     * @return what was read
     * @throws IOException if the file cannot be read
     */
    public static ManifestReading read(Path file, String label) throws IOException {
        return read(label, Files.readString(file, StandardCharsets.UTF_8));
    }

    /**
     * Reads manifest text, keeping what is valid and every problem.
     *
     * @param label how messages name the file
     * @param yaml the manifest's text
     * @return what was read
     */
    public static ManifestReading read(String label, String yaml) {
        return new ManifestReader(label).read(yaml);
    }
}
