package io.pgmq.spring;

import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of pgmq's actuator parts, each where the application has what it needs: the {@code pgmq} health
 * indicator (spring-boot-health), the {@code pgmq} endpoint (spring-boot-actuator) and {@link
 * io.pgmq.micrometer.PgmqMetrics} bound to the application's meter registries (Micrometer).
 */
@AutoConfiguration(after = PgmqAutoConfiguration.class)
@ConditionalOnBean(PgmqConsumers.class)
public final class PgmqActuatorAutoConfiguration {

    /** Created by Spring. */
    PgmqActuatorAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean
    StatsReader pgmqStatsReader(DataSource dataSource, PgmqChannels channels) {
        return new StatsReader(dataSource, channels);
    }

    /** The {@code pgmq} health indicator. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.AbstractHealthIndicator")
    @ConditionalOnEnabledHealthIndicator("pgmq")
    static final class Health {

        @Bean
        @ConditionalOnMissingBean(name = "pgmqHealthIndicator")
        PgmqHealthIndicator pgmqHealthIndicator(StatsReader stats, PgmqChannels channels, PgmqProperties properties) {
            return new PgmqHealthIndicator(stats, channels, properties.getHealth());
        }
    }

    /** The {@code pgmq} endpoint. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
    @ConditionalOnAvailableEndpoint(PgmqEndpoint.class)
    static final class Endpoint {

        @Bean
        @ConditionalOnMissingBean
        PgmqEndpoint pgmqEndpoint(StatsReader stats, PgmqChannels channels, PgmqConsumers consumers) {
            return new PgmqEndpoint(stats, channels, consumers);
        }
    }

    /** Micrometer meters of the channels and consumers. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
    static final class Metrics {

        @Bean
        PgmqMeterBinding pgmqMeterBinding(DataSource dataSource, PgmqChannels channels, PgmqConsumers consumers,
                                          ObjectProvider<MeterRegistry> registries) {
            return new PgmqMeterBinding(dataSource, channels, consumers, registries);
        }
    }
}
