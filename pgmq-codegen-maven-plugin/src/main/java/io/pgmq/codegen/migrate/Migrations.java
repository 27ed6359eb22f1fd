package io.pgmq.codegen.migrate;

import io.pgmq.codegen.manifest.ChannelManifest;
import io.pgmq.codegen.manifest.ChannelSpec;
import io.pgmq.codegen.manifest.ManifestException;
import io.pgmq.codegen.manifest.ManifestParser;
import io.pgmq.codegen.manifest.ManifestProblem;
import io.pgmq.codegen.manifest.Position;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Writes ({@code make-migrations}) and verifies ({@code check}) the Flyway migrations a manifest needs.
 *
 * <p>A migration once written is never rewritten or renumbered: what was written is recorded in the lock file
 * with its checksum. New migrations are versioned after the highest version in the application's migration
 * folders, in the application's numbering style. Stateless and thread-safe; two runs on one project at once are
 * not (they write the same files).
 */
public final class Migrations {

    /** The command the messages tell the user to run. */
    public static final String COMMAND = "./mvnw pgmq:make-migrations";

    private Migrations() {
    }

    /**
     * Writes the migrations the manifest needs and updates the lock file; writes nothing if there is nothing to
     * do or anything is wrong.
     *
     * @param settings where to read and write
     * @param coreScripts the class loader holding pgmq-schema's {@code db/pgmq/V*__*.sql}
     * @param clock the clock for timestamp-style versions
     * @return the files written, in version order; empty if the migrations were up to date
     * @throws IOException if a file cannot be read or written
     * @throws ManifestException if the manifest has problems or asks for a change that cannot be migrated
     */
    public static List<Path> make(MigrationSettings settings, ClassLoader coreScripts, Clock clock)
            throws IOException {
        ChannelManifest manifest = ManifestParser.parse(settings.manifest());
        Lock lock = Lock.read(settings.lockFile());
        Plan plan = plan(manifest, lock, CoreScripts.load(coreScripts), settings.manifest());
        if (plan.steps().isEmpty()) {
            return List.of();
        }
        MigrationVersion version = highest(settings).orElse(null);
        Map<Path, String> files = new LinkedHashMap<>();
        List<LockedMigration> locked = new ArrayList<>(lock.migrations());
        for (Step step : plan.steps()) {
            version = version == null ? MigrationVersion.first() : version.next(clock);
            String name = "V" + version + "__" + step.slug() + ".sql";
            Path file = settings.migrationDirectory().resolve(name);
            if (Files.exists(file)) {
                throw new IOException(file + " already exists; pgmq never overwrites a migration — move it away");
            }
            files.put(file, step.sql());
            locked.add(new LockedMigration(name, sha256(step.sql().getBytes(StandardCharsets.UTF_8))));
        }
        Files.createDirectories(settings.migrationDirectory());
        for (Map.Entry<Path, String> e : files.entrySet()) {
            Files.writeString(e.getKey(), e.getValue(), StandardCharsets.UTF_8);
        }
        Lock next = new Lock(plan.core(), plan.channels(), locked);
        Path parent = settings.lockFile().toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(settings.lockFile(), next.toJson(), StandardCharsets.UTF_8);
        return List.copyOf(files.keySet());
    }

    /**
     * Lists what keeps the migrations from matching the manifest: changes no migration covers, generated
     * migrations edited or deleted, core scripts not vendored, versions colliding with the application's.
     *
     * @param settings where to read
     * @param coreScripts the class loader holding pgmq-schema's {@code db/pgmq/V*__*.sql}
     * @return one message per problem, each saying what to do; empty if all is in order
     * @throws IOException if a file cannot be read
     * @throws ManifestException if the manifest has problems or asks for a change that cannot be migrated
     */
    public static List<String> check(MigrationSettings settings, ClassLoader coreScripts) throws IOException {
        ChannelManifest manifest = ManifestParser.parse(settings.manifest());
        Lock lock = Lock.read(settings.lockFile());
        Plan plan = plan(manifest, lock, CoreScripts.load(coreScripts), settings.manifest());
        String lockName = settings.lockFile().getFileName().toString();
        List<String> problems = new ArrayList<>();
        for (LockedMigration m : lock.migrations()) {
            Path file = settings.migrationDirectory().resolve(m.file());
            if (!Files.exists(file)) {
                problems.add("migration " + m.file() + " was deleted, but " + lockName + " records it; restore it"
                        + " from version control (a migration once written is never removed)");
            } else if (!sha256(Files.readAllBytes(file)).equals(m.sha256())) {
                problems.add("migration " + m.file() + " was edited after pgmq wrote it; restore it from version"
                        + " control and put the change in the manifest, then run `" + COMMAND + "`");
            }
        }
        for (Step step : plan.steps()) {
            problems.add(step.pending() + "; run `" + COMMAND + "` and commit the new file");
        }
        problems.addAll(collisions(settings, lock));
        return problems;
    }

    // ---- planning ----------------------------------------------------------------------------------------

    /** A migration to write: its name's slug, its SQL, and how {@code check} describes it while missing. */
    record Step(String slug, String sql, String pending) {
    }

    /** The steps, and the lock's core list and channel snapshot after them. */
    record Plan(List<Step> steps, List<String> core, Map<String, ChannelState> channels) {
    }

    static Plan plan(ChannelManifest manifest, Lock lock, List<CoreScripts.CoreScript> core, Path manifestFile) {
        String fileName = manifestFile.getFileName().toString();
        List<Step> steps = new ArrayList<>();
        List<String> vendored = new ArrayList<>(lock.core());
        for (CoreScripts.CoreScript script : core) {
            if (!vendored.contains(script.fileName())) {
                String slug = "pgmq_core_" + script.fileName().replaceFirst("\\.sql$", "")
                        .replaceFirst("^V", "v").replace("__", "_").replace('.', '_').toLowerCase(java.util.Locale.ROOT);
                steps.add(new Step(slug, MigrationSql.core(script), "pgmq core script " + script.fileName()
                        + " (from pgmq-schema) is not vendored into the application's migrations yet"));
                vendored.add(script.fileName());
            }
        }
        Map<String, ChannelState> channels = new TreeMap<>(lock.channels());
        List<ManifestProblem> refusals = new ArrayList<>();
        Set<String> names = new TreeSet<>(lock.channels().keySet());
        manifest.channels().forEach(c -> names.add(c.name()));
        for (String name : names) {
            Optional<ChannelSpec> spec = manifest.channel(name);
            ChannelState state = lock.channels().get(name);
            boolean exists = state != null && !state.dropped();
            String where = spec.map(s -> " (" + fileName + ":" + s.position().line() + ")").orElse("");
            if (!exists) {
                if (spec.isPresent() && !spec.get().retired()) {
                    steps.add(new Step("pgmq_create_channel_" + name,
                            MigrationSql.create(manifest.schema(), spec.get(), fileName),
                            "channel `" + name + "`" + where + " has no migration"));
                    channels.put(name, ChannelState.of(spec.get()));
                }
                continue;
            }
            if (spec.isEmpty()) {
                refusals.add(new ManifestProblem(new Position(fileName, 1, 1), "channel \"" + name
                        + "\" was removed from the manifest, but a migration created its queue table",
                        "put it back with retired: true, so that make-migrations writes a migration that drops it"));
                continue;
            }
            ChannelSpec channel = spec.get();
            if (channel.retired()) {
                steps.add(new Step("pgmq_drop_channel_" + name, MigrationSql.drop(manifest.schema(), channel, fileName),
                        "channel `" + name + "`" + where + " is retired but no migration drops it"));
                channels.put(name, state.asDropped());
                continue;
            }
            if (!channel.type().manifestName().equals(state.type())) {
                refusals.add(new ManifestProblem(channel.position(), "channel \"" + name + "\" changed its type from "
                        + state.type() + " to " + channel.type().manifestName() + "; a payload type cannot change",
                        "restore type: " + state.type() + ", declare a new channel for the new type, and retire"
                                + " this one with retired: true"));
                continue;
            }
            ChannelState after = ChannelState.of(channel);
            List<String> removed = removedSettings(state, after);
            if (!removed.isEmpty()) {
                refusals.add(new ManifestProblem(channel.position(), "channel \"" + name + "\" no longer sets "
                        + String.join(", ", removed) + ", and a removed setting cannot be migrated",
                        "set the value you want explicitly"));
                continue;
            }
            if (!after.equals(state)) {
                steps.add(new Step("pgmq_alter_channel_" + name,
                        MigrationSql.alter(manifest.schema(), name, state, after, fileName),
                        "channel `" + name + "`" + where + " has changed grants or settings with no migration"));
                channels.put(name, after);
            }
        }
        if (!refusals.isEmpty()) {
            throw new ManifestException(refusals);
        }
        return new Plan(List.copyOf(steps), List.copyOf(vendored), channels);
    }

    private static List<String> removedSettings(ChannelState before, ChannelState after) {
        List<String> removed = new ArrayList<>();
        if (before.maxAttempts().isPresent() && after.maxAttempts().isEmpty()) {
            removed.add("max_attempts");
        }
        if (before.backoffBase().isPresent() && after.backoffBase().isEmpty()) {
            removed.add("backoff.base");
        }
        if (before.backoffMax().isPresent() && after.backoffMax().isEmpty()) {
            removed.add("backoff.max");
        }
        if (before.lease().isPresent() && after.lease().isEmpty()) {
            removed.add("lease");
        }
        if (before.keepAcked().isPresent() && after.keepAcked().isEmpty()) {
            removed.add("keep_acked");
        }
        if (before.fillfactor().isPresent() && after.fillfactor().isEmpty()) {
            removed.add("fillfactor");
        }
        if (before.retention().isPresent() && after.retention().isEmpty()) {
            removed.add("retention.done");
        }
        if (before.deadRetention().isPresent() && after.deadRetention().isEmpty()) {
            removed.add("retention.dead");
        }
        return removed;
    }

    // ---- versions ----------------------------------------------------------------------------------------

    /** Every versioned SQL migration under the roots and the pgmq folder, by file. */
    static Map<Path, MigrationVersion> versionedFiles(MigrationSettings settings) throws IOException {
        Map<Path, MigrationVersion> files = new TreeMap<>();
        List<Path> roots = new ArrayList<>(settings.migrationRoots());
        roots.add(settings.migrationDirectory());
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(Files::isRegularFile).forEach(f -> MigrationVersion.ofFileName(f.getFileName().toString())
                        .ifPresent(v -> files.put(f.toAbsolutePath().normalize(), v)));
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        return files;
    }

    static Optional<MigrationVersion> highest(MigrationSettings settings) throws IOException {
        return versionedFiles(settings).values().stream().max(MigrationVersion::compareTo);
    }

    private static List<String> collisions(MigrationSettings settings, Lock lock) throws IOException {
        Set<String> ours = lock.migrations().stream().map(LockedMigration::file).collect(Collectors.toSet());
        Path pgmqFolder = settings.migrationDirectory().toAbsolutePath().normalize();
        Map<Path, MigrationVersion> all = versionedFiles(settings);
        List<String> problems = new ArrayList<>();
        for (Map.Entry<Path, MigrationVersion> mine : all.entrySet()) {
            if (!mine.getKey().getParent().equals(pgmqFolder) || !ours.contains(mine.getKey().getFileName().toString())) {
                continue;
            }
            for (Map.Entry<Path, MigrationVersion> other : all.entrySet()) {
                if (!other.getKey().equals(mine.getKey()) && other.getValue().sameAs(mine.getValue())) {
                    problems.add("migration " + mine.getKey().getFileName() + " (pgmq) and " + other.getKey().getFileName()
                            + " have the same version " + mine.getValue() + ", which Flyway refuses; give "
                            + other.getKey().getFileName() + " the next free version (pgmq's files are recorded in"
                            + " the lock file and are never renumbered)");
                }
            }
        }
        return problems;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
