package io.pgmq.codegen.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmq.Message;
import io.pgmq.TextChannel;
import io.pgmq.codegen.Codegen;
import io.pgmq.test.PgmqDatabase;
import io.pgmq.test.PgmqTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code schema: queues} on a fresh project migrated by a plain Flyway (default schema {@code public}, as a newcomer
 * runs it): the vendored core installs into {@code queues}, the channels follow, and the runtime sends through it.
 */
@PgmqTest(locations = {})
class SchemaKeyMigrationTest {

    @Test
    void schemaKey_onAFreshProject_installsCoreAndChannelsIntoThatSchema(PgmqDatabase db, @TempDir Path project)
            throws IOException, SQLException {
        MigrationSettings settings = MigrationSettings.defaults(project);
        Files.createDirectories(settings.manifest().getParent());
        Files.writeString(settings.manifest(), """
                package: com.acme.queues
                schema: queues
                channels:
                  order_emails: { type: text, max_attempts: 3 }
                """, StandardCharsets.UTF_8);
        Codegen.makeMigrations(settings);

        Flyway.configure().dataSource(db.dataSource())
                .locations("filesystem:" + settings.migrationRoots().get(0).toAbsolutePath())
                .load().migrate();

        assertThat(ShopDatabase.rows(db, "SELECT channel || ' ' || max_attempts FROM queues.pg_mq_config_catalog"))
                .containsExactly("order_emails 3");
        assertThat(ShopDatabase.rows(db, "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = 'public' AND c.relname LIKE 'pg_mq%'")).containsExactly("0");
        assertThat(ShopDatabase.rows(db, "SHOW search_path")).containsExactly("\"$user\", public");
        DSLContext dsl = DSL.using(db.dataSource(), SQLDialect.POSTGRES);
        TextChannel channel = TextChannel.of("queues", "order_emails");
        long id = dsl.transactionResult(tx -> channel.send(tx.dsl(), "hello"));
        List<Message<String>> received = dsl.transactionResult(tx -> channel.receive(tx.dsl(), 10));
        assertThat(received).extracting(Message::msgId).containsExactly(id);
    }
}
