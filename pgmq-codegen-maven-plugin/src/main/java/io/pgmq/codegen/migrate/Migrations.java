package io.pgmq.codegen.migrate;

import io.pgmq.codegen.manifest.ChannelManifest;
import io.pgmq.codegen.manifest.ChannelSettings;
import io.pgmq.codegen.manifest.ChannelSpec;
import io.pgmq.codegen.manifest.ManifestException;
import io.pgmq.codegen.manifest.ManifestParser;
import io.pgmq.codegen.manifest.ManifestProblem;
import io.pgmq.codegen.manifest.ManifestReading;
import io.pgmq.codegen.manifest.MessageShape;
import io.pgmq.codegen.manifest.MessageSpec;
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
import java.util.Locale;
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
        Map<Path, String> files = pending(settings, coreScripts, clock);
        if (files.isEmpty()) {
            return List.of();
        }
        Files.createDirectories(settings.migrationDirectory());
        List<Path> written = new ArrayList<>();
        for (Map.Entry<Path, String> e : files.entrySet()) {
            if (!e.getKey().equals(settings.lockFile())) {
                Files.writeString(e.getKey(), e.getValue(), StandardCharsets.UTF_8);
                written.add(e.getKey());
            }
        }
        Path parent = settings.lockFile().toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(settings.lockFile(), files.get(settings.lockFile()), StandardCharsets.UTF_8);
        return List.copyOf(written);
    }

    /**
     * Returns what {@link #make} would write, writing nothing: each new migration's path and text in version order,
     * then the lock file's path and new text; empty if the migrations are up to date.
     *
     * @param settings where to read
     * @param coreScripts the class loader holding pgmq-schema's {@code db/pgmq/V*__*.sql}
     * @param clock the clock for timestamp-style versions
     * @return the files and their texts, the lock file last; empty if nothing is to be written
     * @throws IOException if a file cannot be read, or a new migration's file name is taken
     * @throws ManifestException if the manifest has problems or asks for a change that cannot be migrated
     */
    public static Map<Path, String> pending(MigrationSettings settings, ClassLoader coreScripts, Clock clock)
            throws IOException {
        Lock lock = Lock.read(settings.lockFile());
        ManifestReading reading = ManifestParser.read(settings.manifest(), settings.label());
        Plan plan = plan(reading, lock, CoreScripts.load(coreScripts), settings);
        if (plan.steps().isEmpty() && plan.messages().equals(lock.messages())) {
            return Map.of();
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
        files.put(settings.lockFile(), new Lock(plan.schema(), plan.core(), plan.channels(), locked, plan.messages())
                .toJson());
        return files;
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
        Lock lock = Lock.read(settings.lockFile());
        ManifestReading reading = ManifestParser.read(settings.manifest(), settings.label());
        Plan plan = plan(reading, lock, CoreScripts.load(coreScripts), settings);
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
        if (plan.steps().isEmpty() && !plan.messages().equals(lock.messages())) {
            problems.add(lockName + " does not record the messages' current shapes (an allowed change that needs no"
                    + " migration); run `" + COMMAND + "` and commit " + lockName);
        }
        problems.addAll(collisions(settings, lock));
        return problems;
    }

    /**
     * Returns the changes the lock file refuses in a manifest as read so far, also one with problems: a changed
     * payload type or schema, a removed setting or channel. {@code generate} asks this before writing classes, so
     * that a refused change fails the build before a class with, say, the new payload type exists.
     *
     * @param reading the manifest as read
     * @param lockFile the lock file; a missing one means nothing was migrated yet
     * @return the refusals, each at the changed value
     * @throws IOException if the lock file cannot be read
     */
    public static List<ManifestProblem> refusals(ManifestReading reading, Path lockFile) throws IOException {
        return Refusals.of(reading, Lock.read(lockFile));
    }

    // ---- planning ----------------------------------------------------------------------------------------

    /** A migration to write: its name's slug, its SQL, and how {@code check} describes it while missing. */
    record Step(String slug, String sql, String pending) {
    }

    /** The steps, and the lock's schema, core list, channel snapshot and message shapes after them. */
    record Plan(List<Step> steps, Lock.LockedSchema schema, List<String> core, Map<String, ChannelState> channels,
            Map<String, MessageShape> messages) {
    }

    /** The plan, or one {@link ManifestException} with the manifest's problems and every refused change together. */
    static Plan plan(ManifestReading reading, Lock lock, List<CoreScripts.CoreScript> core,
            MigrationSettings settings) {
        List<ManifestProblem> problems = new ArrayList<>(reading.problems());
        problems.addAll(Refusals.of(reading, lock));
        if (!problems.isEmpty()) {
            throw new ManifestException(problems);
        }
        ChannelManifest manifest = reading.manifest();
        String fileName = settings.manifest().getFileName().toString();
        Optional<String> schema = manifest.schema();
        List<Step> steps = new ArrayList<>();
        List<String> vendored = new ArrayList<>(lock.core());
        for (CoreScripts.CoreScript script : core) {
            if (!vendored.contains(script.fileName())) {
                String slug = "pgmq_core_" + script.fileName().replaceFirst("\\.sql$", "")
                        .replaceFirst("^V", "v").replace("__", "_").replace('.', '_').toLowerCase(Locale.ROOT);
                steps.add(new Step(slug, MigrationSql.core(script, schema), "pgmq core script " + script.fileName()
                        + " (from pgmq-schema) is not vendored into the application's migrations yet"));
                vendored.add(script.fileName());
            }
        }
        Map<String, ChannelState> channels = new TreeMap<>(lock.channels());
        Set<String> names = new TreeSet<>(lock.channels().keySet());
        manifest.channels().forEach(c -> names.add(c.name()));
        for (String name : names) {
            ChannelSpec channel = manifest.channel(name).orElse(null);
            ChannelState state = lock.channels().get(name);
            String where = channel == null ? "" : " (" + settings.label() + ":" + channel.position().line() + ")";
            Optional<String> contract = channel == null ? Optional.empty() : contract(manifest, channel);
            if (state == null || state.dropped()) {
                if (channel != null && !channel.retired()) {
                    steps.add(new Step("pgmq_create_channel_" + name, MigrationSql.create(schema, channel, contract,
                            fileName), "channel `" + name + "`" + where + " has no migration"));
                    channels.put(name, ChannelState.of(channel));
                }
            } else if (channel.retired()) {
                steps.add(new Step("pgmq_drop_channel_" + name, MigrationSql.drop(schema, channel, fileName),
                        "channel `" + name + "`" + where + " is retired but no migration drops it"));
                channels.put(name, state.asDropped());
            } else {
                ChannelState after = ChannelState.of(channel);
                Optional<String> lockedContract = state.values().get(ChannelSettings.MESSAGE)
                        .flatMap(m -> Optional.ofNullable(lock.messages().get(m)).map(shape -> shape.contract(m)));
                Optional<String> newContract = contract.equals(lockedContract) ? Optional.empty() : contract;
                if (!after.equals(state) || newContract.isPresent()) {
                    steps.add(new Step("pgmq_alter_channel_" + name,
                            MigrationSql.alter(schema, name, state, after, newContract, fileName),
                            "channel `" + name + "`" + where + (newContract.isPresent() && after.equals(state)
                                    ? " has a changed message contract with no migration"
                                    : " has changed grants or settings with no migration")));
                    channels.put(name, after);
                }
            }
        }
        Map<String, MessageShape> messages = new TreeMap<>();
        for (MessageSpec message : manifest.messages()) {
            messages.put(message.name(), message.shape());
        }
        return new Plan(List.copyOf(steps), Lock.LockedSchema.of(schema), List.copyOf(vendored), channels, messages);
    }

    /** The database contract of a json channel carrying a message: {@code pg_mq_set_json_contract}'s argument. */
    static Optional<String> contract(ChannelManifest manifest, ChannelSpec channel) {
        return channel.get(ChannelSettings.MESSAGE)
                .flatMap(name -> manifest.message(name).map(message -> message.shape().contract(name)));
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
