package io.pgmq.codegen.manifest;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * A duration longer than zero and at most {@value #MAX_DAYS} days (100 years): a whole number and a unit, {@code ms},
 * {@code s}, {@code m}, {@code h} or {@code d}, e.g. {@code 30s}.
 */
record Span() implements ValueType<Duration> {

    /** The longest duration: 100 years, well inside what a PostgreSQL interval and {@link Duration#toMillis} hold. */
    static final long MAX_DAYS = 36_500;

    private static final Pattern SYNTAX = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    @Override
    public Optional<Duration> read(NodeTuple entry, Setting<Duration> setting, Problems problems) {
        Optional<ScalarNode> scalar = Nodes.scalar(entry, setting.key(), problems);
        if (scalar.isEmpty()) {
            return Optional.empty();
        }
        String value = scalar.get().getValue();
        Matcher m = SYNTAX.matcher(value);
        if (!m.matches()) {
            problems.add(scalar.get(), setting.key() + " \"" + value + "\" is not a duration",
                    "write a whole number and a unit (ms, s, m, h or d), e.g. \"30s\" or \"5m\"");
            return Optional.empty();
        }
        Duration duration = parse(m.group(1), m.group(2));
        if (duration == null) {
            problems.add(scalar.get(), setting.key() + " \"" + value + "\" is longer than 100 years",
                    "write at most " + MAX_DAYS + "d");
            return Optional.empty();
        }
        if (duration.isZero()) {
            problems.add(scalar.get(), setting.key() + " must be longer than zero, was \"" + value + "\"",
                    "write a positive duration, e.g. \"30s\", or remove the key");
            return Optional.empty();
        }
        return Optional.of(duration);
    }

    /** The duration, or null if it is longer than {@value #MAX_DAYS} days. */
    private static Duration parse(String digits, String unit) {
        if (digits.replaceFirst("^0+(?=.)", "").length() > 15) {
            return null;
        }
        long amount = Long.parseLong(digits);
        Duration duration = switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
        return duration.compareTo(Duration.ofDays(MAX_DAYS)) > 0 ? null : duration;
    }

    /** The shortest exact spelling: {@code 5m}, {@code 90s}, {@code 250ms}. */
    @Override
    public String yaml(Duration value) {
        long ms = value.toMillis();
        if (ms % 86_400_000L == 0) {
            return ms / 86_400_000L + "d";
        }
        if (ms % 3_600_000L == 0) {
            return ms / 3_600_000L + "h";
        }
        if (ms % 60_000L == 0) {
            return ms / 60_000L + "m";
        }
        if (ms % 1000L == 0) {
            return ms / 1000L + "s";
        }
        return ms + "ms";
    }

    @Override
    public String json(Duration value) {
        return "\"" + value + "\"";
    }

    @Override
    public Duration fromJson(Object json) {
        return Duration.parse((String) json);
    }

    @Override
    public String sql(Duration value) {
        return SqlText.interval(value);
    }

    @Override
    public Map<String, Object> schema() {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "string");
        schema.put("pattern", "^0*[1-9][0-9]*(ms|s|m|h|d)$");
        return schema;
    }

    @Override
    public String describe() {
        return "a duration: a whole number and a unit (ms, s, m, h or d), e.g. 30s; longer than zero, at most "
                + MAX_DAYS + "d";
    }

    @Override
    public String beyondSchema() {
        return "The plugin also refuses durations longer than " + MAX_DAYS + "d (100 years).";
    }
}
