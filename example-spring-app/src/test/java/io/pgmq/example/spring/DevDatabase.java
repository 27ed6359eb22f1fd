package io.pgmq.example.spring;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import javax.sql.DataSource;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * An embedded PostgreSQL 17 for development and tests: started with the application context, stopped with it. Boot's
 * Flyway migrates it like any other database.
 */
@TestConfiguration(proxyBeanMethods = false)
public class DevDatabase {

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres() throws IOException {
        return EmbeddedPostgres.builder().start();
    }

    /** A pooled data source on it, as {@code spring.datasource.*} gives against a real server. */
    @Bean
    DataSource dataSource(EmbeddedPostgres postgres) {
        return DataSourceBuilder.create().url(postgres.getJdbcUrl("postgres", "postgres")).username("postgres")
                .build();
    }
}
