package io.pgmq.codegen;

import io.pgmq.codegen.emit.GeneratedFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A small file in the output folder recording what the last {@code generate} was made from (manifest name and
 * SHA-256, plugin version) and the files it produced with their sizes. When all of it still holds, an unchanged
 * rebuild returns without parsing or emitting: class loading and emitting 1,000 channels in a fresh Maven JVM
 * takes seconds, issue 4 allows 0.2 s.
 *
 * <p>Not a {@code .java} file, so javac and the stale-file cleanup ignore it. Stateless and thread-safe.
 */
final class GenerateStamp {

    /** The stamp's file name inside the output folder. */
    static final String FILE_NAME = ".pgmq-generate.stamp";

    private static final String HEADER = "pgmq-codegen generate stamp 1\n";

    private GenerateStamp() {
    }

    /**
     * What the output depends on: the manifest's name and bytes, the lock file's bytes if one is consulted (it can
     * refuse a change), and the plugin version.
     */
    static String key(Path manifest, Optional<Path> lockFile, String version) throws IOException {
        String key = "version " + version + "\nmanifest " + manifest.getFileName() + " sha256 "
                + sha256(Files.readAllBytes(manifest)) + "\n";
        if (lockFile.isPresent()) {
            key += "lock " + (Files.isRegularFile(lockFile.get()) ? sha256(Files.readAllBytes(lockFile.get())) : "none")
                    + "\n";
        }
        return key;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /**
     * The number of files the last generate produced, if the stamp matches the key and each file is still there
     * with its size; empty otherwise (no stamp, another manifest or version, a file deleted or changed).
     */
    static OptionalInt matches(Path outputDirectory, String key) throws IOException {
        List<String> lines;
        try {
            lines = Files.readString(outputDirectory.resolve(FILE_NAME), StandardCharsets.UTF_8).lines().toList();
        } catch (NoSuchFileException e) {
            return OptionalInt.empty();
        }
        List<String> expected = (HEADER + key).lines().toList();
        if (lines.size() < expected.size() || !lines.subList(0, expected.size()).equals(expected)) {
            return OptionalInt.empty();
        }
        List<String> files = lines.subList(expected.size(), lines.size());
        for (String line : files) {
            int space = line.indexOf(' ');
            if (space < 0) {
                return OptionalInt.empty();
            }
            Path file = outputDirectory.resolve(line.substring(space + 1));
            try {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                if (!attributes.isRegularFile() || attributes.size() != Long.parseLong(line.substring(0, space))) {
                    return OptionalInt.empty();
                }
            } catch (NoSuchFileException | NumberFormatException e) {
                return OptionalInt.empty();
            }
        }
        return OptionalInt.of(files.size());
    }

    /** Records a generate; the stamp is rewritten only if its bytes change, like the sources. */
    static void write(Path outputDirectory, String key, List<GeneratedFile> files) throws IOException {
        StringBuilder text = new StringBuilder(HEADER).append(key);
        for (GeneratedFile file : files) {
            text.append(file.bytes().length).append(' ').append(file.relativePath()).append('\n');
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        Path stamp = outputDirectory.resolve(FILE_NAME);
        if (Files.isRegularFile(stamp) && Arrays.equals(Files.readAllBytes(stamp), bytes)) {
            return;
        }
        Files.createDirectories(outputDirectory);
        Files.write(stamp, bytes);
    }
}
