package io.pgmq.codegen;

import io.pgmq.codegen.emit.GeneratedFile;
import io.pgmq.codegen.emit.JavaEmitter;
import io.pgmq.codegen.emit.MessageSchemas;
import io.pgmq.codegen.emit.SourceWriter;
import io.pgmq.codegen.manifest.ManifestException;
import io.pgmq.codegen.manifest.ManifestParser;
import io.pgmq.codegen.manifest.ManifestProblem;
import io.pgmq.codegen.manifest.ManifestReading;
import io.pgmq.codegen.migrate.MigrationSettings;
import io.pgmq.codegen.migrate.Migrations;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;

/**
 * The generator's entry point, usable without Maven: {@code generate} (Java sources), {@code makeMigrations},
 * {@code pendingMigrations} and {@code check} (Flyway migrations), and the manifest's JSON Schema. The Maven goals
 * only map their parameters to these methods.
 *
 * <p>Stateless and thread-safe. Manifest problems surface as one {@link ManifestException} listing them all.
 */
public final class Codegen {

    /** Where the manifest's JSON Schema is in the plugin jar. */
    public static final String SCHEMA_RESOURCE = "/io/pgmq/codegen/channels.schema.json";

    /** The file in each output folder that lets an unchanged {@code generate} skip its work; not a resource. */
    public static final String GENERATE_STAMP = GenerateStamp.FILE_NAME;

    private Codegen() {
    }

    /**
     * Generates the channel classes for a manifest into a source folder, rewriting only files whose bytes change,
     * without consulting a lock file; messages name the manifest by its file name. See
     * {@link #generate(MigrationSettings, Path)}.
     *
     * @param manifest the manifest file
     * @param outputDirectory the source folder, e.g. {@code target/generated-sources/pgmq}
     * @return what was written, left alone and deleted
     * @throws IOException if a file cannot be read or written
     * @throws ManifestException if the manifest has problems; nothing is written then
     */
    public static SourceWriter.Result generate(Path manifest, Path outputDirectory) throws IOException {
        return generate(manifest, Optional.empty(), manifest.getFileName().toString(), outputDirectory);
    }

    /**
     * Generates the channel classes for a manifest into a source folder, rewriting only files whose bytes change.
     * A change the lock file refuses (a new payload type, another schema) fails here, with the manifest's other
     * problems, before any class is rewritten. When a stamp in the folder shows the same manifest and lock bytes and
     * plugin version, and every file it lists is still there with its size, it returns at once without parsing (see
     * {@code GenerateStamp}).
     *
     * @param settings the manifest, the lock file and the project's folder
     * @param outputDirectory the source folder, e.g. {@code target/generated-sources/pgmq}
     * @return what was written, left alone and deleted
     * @throws IOException if a file cannot be read or written
     * @throws ManifestException if the manifest has problems or a refused change; nothing is written then
     */
    public static SourceWriter.Result generate(MigrationSettings settings, Path outputDirectory) throws IOException {
        return generate(settings.manifest(), Optional.of(settings.lockFile()), settings.label(), outputDirectory,
                Optional.empty());
    }

    /**
     * Generates the channel and message classes into a source folder and each message's JSON Schema
     * ({@code META-INF/pgmq/messages/<Message>.schema.json}) into a resource folder; see
     * {@link #generate(MigrationSettings, Path)}.
     *
     * @param settings the manifest, the lock file and the project's folder
     * @param outputDirectory the source folder, e.g. {@code target/generated-sources/pgmq}
     * @param resourceDirectory the resource folder, e.g. {@code target/generated-resources/pgmq}
     * @return what was written, left alone and deleted among the sources and schemas
     * @throws IOException if a file cannot be read or written
     * @throws ManifestException if the manifest has problems or a refused change; nothing is written then
     */
    public static SourceWriter.Result generate(MigrationSettings settings, Path outputDirectory,
            Path resourceDirectory) throws IOException {
        return generate(settings.manifest(), Optional.of(settings.lockFile()), settings.label(), outputDirectory,
                Optional.of(resourceDirectory));
    }

    private static SourceWriter.Result generate(Path manifest, Optional<Path> lockFile, String label,
            Path outputDirectory) throws IOException {
        return generate(manifest, lockFile, label, outputDirectory, Optional.empty());
    }

    private static SourceWriter.Result generate(Path manifest, Optional<Path> lockFile, String label,
            Path outputDirectory, Optional<Path> resourceDirectory) throws IOException {
        String version = version();
        String key = GenerateStamp.key(manifest, lockFile, version);
        OptionalInt stamped = GenerateStamp.matches(outputDirectory, key);
        OptionalInt resourcesStamped = resourceDirectory.isEmpty() ? OptionalInt.of(0)
                : GenerateStamp.matches(resourceDirectory.get(), key);
        if (stamped.isPresent() && resourcesStamped.isPresent()) {
            return new SourceWriter.Result(0, stamped.getAsInt() + resourcesStamped.getAsInt(), 0);
        }
        ManifestReading reading = ManifestParser.read(manifest, label);
        List<ManifestProblem> problems = new ArrayList<>(reading.problems());
        if (lockFile.isPresent()) {
            problems.addAll(Migrations.refusals(reading, lockFile.get()));
        }
        if (!problems.isEmpty()) {
            throw new ManifestException(problems);
        }
        List<GeneratedFile> files = JavaEmitter.emit(reading.manifest(), version);
        SourceWriter.Result result = SourceWriter.write(outputDirectory, files);
        GenerateStamp.write(outputDirectory, key, files);
        if (resourceDirectory.isPresent()) {
            List<GeneratedFile> schemas = MessageSchemas.emit(reading.manifest());
            SourceWriter.Result more = SourceWriter.write(resourceDirectory.get(), schemas);
            GenerateStamp.write(resourceDirectory.get(), key, schemas);
            result = new SourceWriter.Result(result.written() + more.written(), result.unchanged() + more.unchanged(),
                    result.deleted() + more.deleted());
        }
        return result;
    }

    /**
     * Writes the Flyway migrations the manifest needs; see {@link Migrations#make}.
     *
     * @param settings where to read and write
     * @return the migrations written, empty if none were needed
     * @throws IOException if a file cannot be read or written
     * @throws ManifestException if the manifest has problems or asks for an impossible change
     */
    public static List<Path> makeMigrations(MigrationSettings settings) throws IOException {
        return Migrations.make(settings, Codegen.class.getClassLoader(), Clock.systemUTC());
    }

    /**
     * Returns what {@link #makeMigrations} would write, writing nothing; see {@link Migrations#pending}.
     *
     * @param settings where to read
     * @return each new migration's path and SQL, then the lock file's path and text; empty if none are needed
     * @throws IOException if a file cannot be read
     * @throws ManifestException if the manifest has problems or asks for an impossible change
     */
    public static Map<Path, String> pendingMigrations(MigrationSettings settings) throws IOException {
        return Migrations.pending(settings, Codegen.class.getClassLoader(), Clock.systemUTC());
    }

    /**
     * Lists what keeps the migrations from matching the manifest; see {@link Migrations#check}.
     *
     * @param settings where to read
     * @return one message per problem; empty if all is in order
     * @throws IOException if a file cannot be read
     * @throws ManifestException if the manifest has problems or asks for an impossible change
     */
    public static List<String> check(MigrationSettings settings) throws IOException {
        return Migrations.check(settings, Codegen.class.getClassLoader());
    }

    /**
     * Writes the manifest's JSON Schema (generated from the settings table, shipped in the plugin jar) to a file,
     * for editors to check and complete the manifest offline; leaves the file alone if its bytes are right.
     *
     * @param target e.g. {@code target/pgmq/channels.schema.json}
     * @return whether the file was written
     * @throws IOException if it cannot be written
     */
    public static boolean writeSchema(Path target) throws IOException {
        byte[] schema;
        try (InputStream in = Codegen.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(SCHEMA_RESOURCE + " is missing from the plugin jar");
            }
            schema = in.readAllBytes();
        }
        if (Files.isRegularFile(target) && Arrays.equals(Files.readAllBytes(target), schema)) {
            return false;
        }
        Path parent = target.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.write(target, schema);
        return true;
    }

    /** Returns this plugin's version, as written into {@code @Generated}. */
    public static String version() {
        try (InputStream in = Codegen.class.getResourceAsStream("pgmq-codegen.properties")) {
            if (in == null) {
                throw new IllegalStateException("pgmq-codegen.properties is missing from the plugin jar");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
