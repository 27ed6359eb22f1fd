package io.pgmq.codegen.migrate;

import io.pgmq.codegen.manifest.ChannelSettings;
import io.pgmq.codegen.manifest.ChannelSpec;
import io.pgmq.codegen.manifest.ManifestProblem;
import io.pgmq.codegen.manifest.ManifestReading;
import io.pgmq.codegen.manifest.Position;
import io.pgmq.codegen.manifest.Removal;
import io.pgmq.codegen.manifest.Setting;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The changes no migration can make, found by holding a manifest (as far as it reads) against the lock file: a
 * changed schema, a channel removed without {@code retired: true}, a changed immutable setting (the payload type),
 * a removed setting whose removal the table refuses. Stateless and thread-safe.
 */
final class Refusals {

    private Refusals() {
    }

    static List<ManifestProblem> of(ManifestReading reading, Lock lock) {
        List<ManifestProblem> problems = new ArrayList<>();
        schema(reading, lock).ifPresent(problems::add);
        Position top = new Position(reading.label(), 1, 1);
        for (Map.Entry<String, ChannelState> e : lock.channels().entrySet()) {
            String name = e.getKey();
            ChannelState state = e.getValue();
            if (state.dropped()) {
                continue;
            }
            if (!reading.channelNames().contains(name)) {
                problems.add(new ManifestProblem(top, "channel \"" + name + "\" was removed from the manifest, but a"
                        + " migration created its queue table", "put it back with retired: true, so that"
                        + " make-migrations writes a migration that drops it"));
                continue;
            }
            Optional<ChannelSpec> channel = reading.channel(name);
            if (channel.isPresent() && !channel.get().retired()) {
                changes(channel.get(), state, problems);
            }
        }
        problems.addAll(Evolution.of(reading, lock));
        return problems;
    }

    private static Optional<ManifestProblem> schema(ManifestReading reading, Lock lock) {
        boolean known = reading.schemaPosition().isEmpty() || reading.schema().isPresent();
        Optional<String> was = lock.schema().name();
        if (!lock.schema().recorded() || !lock.installed() || !known || was.equals(reading.schema())) {
            return Optional.empty();
        }
        Position at = reading.schemaPosition().orElse(new Position(reading.label(), 1, 1));
        String before = was.map(s -> "\"" + s + "\"").orElse("Flyway's default schema (no schema key)");
        String after = reading.schema().map(s -> "\"" + s + "\"").orElse("no schema key");
        return Optional.of(new ManifestProblem(at, "schema changed from " + before + " to " + after + ", but the"
                + " migrations already written installed pgmq's core and queue tables in " + before + ", and no"
                + " migration moves them", was.map(s -> "restore schema: " + s).orElse("remove the schema key")
                + "; to use another schema, start it in a new database with its own migrations"));
    }

    private static void changes(ChannelSpec channel, ChannelState state, List<ManifestProblem> problems) {
        List<String> removed = new ArrayList<>();
        for (Setting<?> setting : ChannelSettings.LOCKED) {
            change(channel, state, setting, removed, problems);
        }
        if (!removed.isEmpty()) {
            problems.add(new ManifestProblem(channel.position(), "channel \"" + channel.name() + "\" no longer sets "
                    + String.join(", ", removed.stream().map(r -> r.substring(0, r.indexOf(':'))).toList())
                    + ", and a removed setting cannot be migrated", "set the value you want explicitly (the database"
                    + " has " + String.join(", ", removed) + ")"));
        }
    }

    private static <T> void change(ChannelSpec channel, ChannelState state, Setting<T> setting, List<String> removed,
            List<ManifestProblem> problems) {
        Optional<T> before = state.values().get(setting);
        Optional<T> after = channel.get(setting);
        if (before.isEmpty() || before.equals(after)) {
            return;
        }
        if (setting.immutable() && after.isPresent()) {
            String was = setting.yaml(before.get());
            problems.add(new ManifestProblem(channel.positionOf(setting), "channel \"" + channel.name() + "\" changed"
                    + " its " + setting.key() + " from " + was + " to " + setting.yaml(after.get()) + ", and "
                    + setting.key() + " cannot change once migrated", setting.immutableFix().orElse("restore "
                    + setting.key() + ": " + was).replace("{was}", was)));
        } else if (after.isEmpty() && !channel.writes(setting) && setting.removal() == Removal.REFUSED) {
            removed.add(setting.key() + ": " + setting.yaml(before.get()));
        }
    }
}
