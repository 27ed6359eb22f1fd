package io.pgmq.codegen;

import io.pgmq.codegen.emit.GeneratedFile;
import io.pgmq.codegen.emit.JavaEmitter;
import io.pgmq.codegen.emit.SourceWriter;
import io.pgmq.codegen.manifest.ChannelManifest;
import io.pgmq.codegen.manifest.ManifestException;
import io.pgmq.codegen.manifest.ManifestParser;
import io.pgmq.codegen.migrate.MigrationSettings;
import io.pgmq.codegen.migrate.Migrations;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.OptionalInt;
import java.util.Properties;

/**
 * The generator's entry point, usable without Maven: {@code generate} (Java sources), {@code makeMigrations} and
 * {@code check} (Flyway migrations). The Maven goals only map their parameters to these methods.
 *
 * <p>Stateless and thread-safe. Manifest problems surface as one {@link ManifestException} listing them all.
 */
public final class Codegen {

    private Codegen() {
    }

    /**
     * Generates the channel classes for a manifest into a source folder, rewriting only files whose bytes change.
     * When a stamp in the folder shows the same manifest bytes and plugin version, and every file it lists is
     * still there with its size, it returns at once without parsing (see {@code GenerateStamp}).
     *
     * @param manifest the manifest file
     * @param outputDirectory the source folder, e.g. {@code target/generated-sources/pgmq}
     * @return what was written, left alone and deleted
     * @throws IOException if a file cannot be read or written
     * @throws ManifestException if the manifest has problems; nothing is written then
     */
    public static SourceWriter.Result generate(Path manifest, Path outputDirectory) throws IOException {
        String version = version();
        String key = GenerateStamp.key(manifest, version);
        OptionalInt stamped = GenerateStamp.matches(outputDirectory, key);
        if (stamped.isPresent()) {
            return new SourceWriter.Result(0, stamped.getAsInt(), 0);
        }
        ChannelManifest parsed = ManifestParser.parse(manifest);
        List<GeneratedFile> files = JavaEmitter.emit(parsed, version);
        SourceWriter.Result result = SourceWriter.write(outputDirectory, files);
        GenerateStamp.write(outputDirectory, key, files);
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
