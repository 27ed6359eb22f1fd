package io.pgmq.codegen.emit;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One generated file: a path relative to its output folder (with {@code /}) and its text (LF line endings).
 *
 * <p>Immutable and thread-safe.
 *
 * @param relativePath e.g. {@code com/acme/OrderEmailsChannel.java}
 * @param content the file's text
 */
public record GeneratedFile(String relativePath, String content) {

    /** Validates the fields. */
    public GeneratedFile {
        Objects.requireNonNull(relativePath, "relativePath");
        Objects.requireNonNull(content, "content");
        if (relativePath.isEmpty() || relativePath.startsWith("/") || relativePath.contains("\\")) {
            throw new IllegalArgumentException("relativePath must be relative with '/', was \"" + relativePath + "\"");
        }
        if (content.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("content of " + relativePath + " must use LF line endings");
        }
    }

    /** Returns the content as UTF-8 bytes. */
    public byte[] bytes() {
        return content.getBytes(StandardCharsets.UTF_8);
    }
}
