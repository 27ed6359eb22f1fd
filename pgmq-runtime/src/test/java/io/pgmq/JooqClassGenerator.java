package io.pgmq;

import java.nio.file.Path;
import java.sql.Connection;
import org.jooq.codegen.GenerationTool;
import org.jooq.meta.jaxb.Configuration;
import org.jooq.meta.jaxb.Database;
import org.jooq.meta.jaxb.Generate;
import org.jooq.meta.jaxb.Generator;
import org.jooq.meta.jaxb.Target;

/**
 * Runs jOOQ's code generator on a database migrated with pgmq-schema: the catalog and the four queue-table shapes
 * become the classes in {@code io.pgmq.internal.db}. One configuration, used to regenerate them and to check that
 * the committed classes still match the migrations.
 */
final class JooqClassGenerator {

    static final String PACKAGE = "io.pgmq.internal.db";
    static final Path COMMITTED = Path.of("src/main/java/io/pgmq/internal/db");

    private JooqClassGenerator() {
    }

    static void generate(Connection connection, String schema, Path targetDirectory) throws Exception {
        Configuration configuration = new Configuration()
                .withGenerator(new Generator()
                        .withName("org.jooq.codegen.JavaGenerator")
                        .withDatabase(new Database()
                                .withName("org.jooq.meta.postgres.PostgresDatabase")
                                .withInputSchema(schema)
                                .withOutputSchemaToDefault(true)
                                .withIncludes("pg_mq_config_catalog|pg_mq_shape_text|pg_mq_shape_xml|pg_mq_shape_bytea|pg_mq_shape_jsonb"))
                        .withGenerate(new Generate()
                                .withRoutines(false)
                                .withSequences(false)
                                .withIndexes(false)
                                .withPojos(false)
                                .withDaos(false)
                                .withGeneratedAnnotation(false)
                                .withJavaTimeTypes(true))
                        .withTarget(new Target()
                                .withPackageName(PACKAGE)
                                .withDirectory(targetDirectory.toAbsolutePath().toString())
                                .withClean(true)));
        GenerationTool tool = new GenerationTool();
        tool.setConnection(connection);
        tool.run(configuration);
    }
}
