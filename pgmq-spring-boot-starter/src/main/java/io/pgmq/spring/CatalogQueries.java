package io.pgmq.spring;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The starter's one query of pgmq's catalog: which channels exist in a schema, with their payload types. Runs in
 * autocommit on a connection borrowed from the data source, every name quoted. Thread-safe.
 */
final class CatalogQueries {

    private static final Field<String> CHANNEL = DSL.field(DSL.name("channel"), SQLDataType.VARCHAR);
    private static final Field<String> PAYLOAD_TYPE = DSL.field(DSL.name("payload_type"), SQLDataType.VARCHAR);
    private static final int STATEMENT_TIMEOUT_SECONDS = 10;

    private final DSLContext dsl;

    CatalogQueries(DataSource dataSource) {
        this.dsl = DSL.using(dataSource, SQLDialect.POSTGRES, new Settings()
                .withRenderQuotedNames(RenderQuotedNames.ALWAYS).withExecuteLogging(false)
                .withQueryTimeout(STATEMENT_TIMEOUT_SECONDS));
    }

    /**
     * The payload types ({@code text}, {@code xml}, {@code bytea}) of the channels that exist in {@code schema}, by
     * name, sorted; empty when the schema has no pgmq catalog (pgmq's migrations did not run there).
     *
     * @throws DataAccessException if the database cannot be reached or refuses the query for another reason
     */
    Optional<Map<String, String>> payloadTypes(String schema) {
        try {
            Map<String, String> types = new TreeMap<>();
            for (Record r : dsl.select(CHANNEL, PAYLOAD_TYPE)
                    .from(DSL.table(DSL.name(schema, "pg_mq_config_catalog")))
                    .fetch()) {
                types.put(r.get(CHANNEL), r.get(PAYLOAD_TYPE));
            }
            return Optional.of(types);
        } catch (DataAccessException e) {
            if ("42P01".equals(e.sqlState())) {  // undefined_table: no catalog in this schema
                return Optional.empty();
            }
            throw e;
        }
    }
}
