package io.pgmq;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmq.test.PgmqDatabase;
import io.pgmq.test.PgmqTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jOOQ classes in {@code io.pgmq.internal.db} are generated from the real migrations. This test regenerates them
 * and fails when the committed ones differ. To regenerate on purpose (after a migration changed the catalog or the
 * queue-table shape), run:
 * <pre>./mvnw -pl pgmq-runtime -am verify -Dtest=JooqClassesMatchMigrationsTest -Dsurefire.failIfNoSpecifiedTests=false -Dpgmq.updateJooq=true</pre>
 * and commit the result with the migration.
 */
@PgmqTest
class JooqClassesMatchMigrationsTest {

    @Test
    void committedJooqClasses_matchWhatTheMigrationsGenerate(PgmqDatabase database, @TempDir Path generated)
            throws Exception {
        try (Connection connection = database.connect()) {
            JooqClassGenerator.generate(connection, database.schema(), generated);
        }
        Path packageDir = generated.resolve(JooqClassGenerator.PACKAGE.replace('.', '/'));
        if (Boolean.getBoolean("pgmq.updateJooq")) {
            replace(JooqClassGenerator.COMMITTED, packageDir);
        }

        assertThat(contents(JooqClassGenerator.COMMITTED))
                .as("committed jOOQ classes differ from the migrations; regenerate with -Dpgmq.updateJooq=true "
                        + "(see this test's Javadoc) and commit them")
                .isEqualTo(contents(packageDir));
    }

    private static Map<String, String> contents(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths.filter(Files::isRegularFile)::iterator) {
                files.put(root.relativize(path).toString().replace('\\', '/'), Files.readString(path));
            }
        }
        return files;
    }

    private static void replace(Path target, Path source) throws IOException {
        if (Files.exists(target)) {
            try (Stream<Path> paths = Files.walk(target)) {
                for (Path path : (Iterable<Path>) paths.sorted((a, b) -> b.compareTo(a))::iterator) {
                    Files.delete(path);
                }
            }
        }
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path copy = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(path, copy);
                }
            }
        }
    }
}
