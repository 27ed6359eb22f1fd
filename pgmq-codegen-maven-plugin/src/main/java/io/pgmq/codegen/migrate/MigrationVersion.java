package io.pgmq.codegen.migrate;

import java.math.BigInteger;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Flyway version as written in a file name ({@code 5}, {@code 005}, {@code 1.2}, {@code 1_2},
 * {@code 20240501120000}), compared as Flyway compares it.
 *
 * @param text the version exactly as in the file name
 */
record MigrationVersion(String text) implements Comparable<MigrationVersion> {

    static final Pattern VERSIONED_FILE = Pattern.compile("V(\\d+(?:[._]\\d+)*)__(.+)\\.sql");

    private static final int TIMESTAMP_MIN_DIGITS = 12;

    MigrationVersion {
        Objects.requireNonNull(text, "text");
        if (!text.matches("\\d+(?:[._]\\d+)*")) {
            throw new IllegalArgumentException("text must be a Flyway version, was \"" + text + "\"");
        }
    }

    static Optional<MigrationVersion> ofFileName(String fileName) {
        Matcher m = VERSIONED_FILE.matcher(fileName);
        return m.matches() ? Optional.of(new MigrationVersion(m.group(1))) : Optional.empty();
    }

    List<BigInteger> parts() {
        List<BigInteger> parts = new ArrayList<>();
        for (String part : text.split("[._]")) {
            parts.add(new BigInteger(part));
        }
        while (parts.size() > 1 && parts.get(parts.size() - 1).signum() == 0) {
            parts.remove(parts.size() - 1);
        }
        return parts;
    }

    @Override
    public int compareTo(MigrationVersion other) {
        List<BigInteger> a = parts();
        List<BigInteger> b = other.parts();
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            BigInteger x = i < a.size() ? a.get(i) : BigInteger.ZERO;
            BigInteger y = i < b.size() ? b.get(i) : BigInteger.ZERO;
            int c = x.compareTo(y);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** Same version for Flyway ({@code 1.0} equals {@code 1}). */
    boolean sameAs(MigrationVersion other) {
        return compareTo(other) == 0;
    }

    /**
     * The version after this one in this one's style: integers count up keeping their zero padding, dotted versions
     * count up their last part, timestamps move to now (or one past this one, if that is later).
     */
    MigrationVersion next(Clock clock) {
        int separator = Math.max(text.lastIndexOf('.'), text.lastIndexOf('_'));
        if (separator >= 0) {
            return new MigrationVersion(text.substring(0, separator + 1) + increment(text.substring(separator + 1)));
        }
        if (text.length() >= TIMESTAMP_MIN_DIGITS) {
            String pattern = "yyyyMMddHHmmss".substring(0, Math.min(14, text.length()));
            BigInteger now = new BigInteger(LocalDateTime.now(clock).format(DateTimeFormatter.ofPattern(pattern)));
            BigInteger after = new BigInteger(text).add(BigInteger.ONE);
            return new MigrationVersion(now.max(after).toString());
        }
        return new MigrationVersion(increment(text));
    }

    static MigrationVersion first() {
        return new MigrationVersion("1");
    }

    private static String increment(String digits) {
        String next = new BigInteger(digits).add(BigInteger.ONE).toString();
        StringBuilder padded = new StringBuilder();
        for (int i = next.length(); i < digits.length(); i++) {
            padded.append('0');
        }
        return padded.append(next).toString();
    }

    @Override
    public String toString() {
        return text;
    }
}
