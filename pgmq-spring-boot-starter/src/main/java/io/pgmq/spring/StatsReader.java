package io.pgmq.spring;

import io.pgmq.Channel;
import io.pgmq.internal.DslContexts;
import io.pgmq.internal.StatsQueries;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;

/**
 * Reads the {@code pg_mq_channel_stats} view for the application's channels, one query per schema, for the health
 * indicator and the endpoint. Thread-safe.
 */
final class StatsReader {

    private static final int STATEMENT_TIMEOUT_SECONDS = 10;

    private final DSLContext dsl;
    private final PgmqChannels channels;

    StatsReader(DataSource dataSource, PgmqChannels channels) {
        this.dsl = DslContexts.using(dataSource, STATEMENT_TIMEOUT_SECONDS);
        this.channels = channels;
    }

    /**
     * The stats by schema, then by channel name; a schema maps to empty when it has no pgmq (its view is missing),
     * and a channel is absent from its schema's map when the channel does not exist.
     *
     * @throws DataAccessException if the database cannot be reached or refuses the query for another reason
     */
    Map<String, Optional<Map<String, StatsQueries.ChannelStats>>> read() {
        Map<String, Optional<Map<String, StatsQueries.ChannelStats>>> schemas = new TreeMap<>();
        for (Map.Entry<String, List<Channel<?>>> schema : channels.bySchema().entrySet()) {
            try {
                schemas.put(schema.getKey(), Optional.of(StatsQueries.read(dsl, schema.getKey(),
                        schema.getValue().stream().map(Channel::name).toList())));
            } catch (DataAccessException e) {
                if (!"42P01".equals(e.sqlState())) {  // undefined_table: pgmq is not installed in this schema
                    throw e;
                }
                schemas.put(schema.getKey(), Optional.empty());
            }
        }
        return schemas;
    }
}
