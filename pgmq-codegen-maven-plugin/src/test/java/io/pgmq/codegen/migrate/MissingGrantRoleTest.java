package io.pgmq.codegen.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.pgmq.codegen.Codegen;
import io.pgmq.test.PgmqDatabase;
import io.pgmq.test.PgmqTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A role named in the manifest's grants that does not exist at migration time fails the generated migration, and
 * Flyway's error names the channel and the role, with pgmq's SQLSTATE and the hint on how to fix it.
 */
@PgmqTest(locations = {})
class MissingGrantRoleTest {

    @Test
    void grantToRoleMissingAtMigrationTime_failsMigrationNamingRoleWithHint(PgmqDatabase db, @TempDir Path project)
            throws IOException {
        // roles are cluster-wide: the database's random suffix keeps this name unused on a shared server; the
        // capital letter makes PostgreSQL quote it in the message, as %I does for any name needing quotes
        String name = db.databaseName();
        String role = "Ghost_mailer_" + name.substring(name.lastIndexOf('_') + 1);
        MigrationSettings settings = MigrationSettings.defaults(project);
        Files.createDirectories(settings.manifest().getParent());
        Files.writeString(settings.manifest(), """
                package: com.acme.ghost
                channels:
                  order_emails:
                    type: text
                    grants: { receive: [%s] }
                """.formatted(role), StandardCharsets.UTF_8);
        assertThat(Codegen.makeMigrations(settings)).isNotEmpty();

        FlywayException failure = catchThrowableOfType(() -> Flyway.configure()
                .dataSource(db.dataSource())
                .schemas("public")
                .defaultSchema("public")
                .locations("filesystem:" + settings.migrationRoots().get(0).toAbsolutePath())
                .load()
                .migrate(), FlywayException.class);

        assertThat(failure).isNotNull();
        assertThat(failure.getMessage())
                .contains("create_channel_order_emails")
                .contains("PQ006")
                .contains("channel \"order_emails\": role \"" + role + "\" does not exist")
                .contains("Create it first with CREATE ROLE, or fix the role name (in the manifest's grants).");
    }
}
