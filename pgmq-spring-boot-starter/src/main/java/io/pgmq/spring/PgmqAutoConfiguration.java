package io.pgmq.spring;

import io.pgmq.Channel;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.context.LifecycleProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Auto-configuration of pgmq for an application with one {@link DataSource}: channel beans for the constants of
 * generated {@code Channels} classes, {@link PgmqListener} consumers ({@link PgmqConsumers}) and the startup check of
 * the channels. Sends need nothing from here: {@code channel.send(dsl, ...)} on Boot's {@code DSLContext}, or
 * {@code jdbcTemplate.execute((ConnectionCallback<Long>) c -> channel.send(c, ...))}, run in the caller's Spring
 * transaction.
 */
@AutoConfiguration(after = {DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
        TransactionAutoConfiguration.class},
        afterName = {"org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
                "org.springframework.boot.jooq.autoconfigure.JooqAutoConfiguration"})
@ConditionalOnClass(Channel.class)
@ConditionalOnSingleCandidate(DataSource.class)
@EnableConfigurationProperties(PgmqProperties.class)
public final class PgmqAutoConfiguration {

    /** The longest a graceful shutdown phase waits when the application sets none (Boot's default). */
    private static final Duration DEFAULT_SHUTDOWN_PHASE = Duration.ofSeconds(30);

    /** Created by Spring. */
    PgmqAutoConfiguration() {
    }

    @Bean
    static ChannelClasses pgmqChannelClasses() {
        return new ChannelClasses();
    }

    @Bean
    static ListenerMethods pgmqListenerMethods() {
        return new ListenerMethods();
    }

    @Bean
    PgmqChannels pgmqChannels(PgmqProperties properties, ListableBeanFactory beans) {
        return new PgmqChannels(properties.getSchema(), beans.getBeansOfType(Channel.class).values().stream()
                .<Channel<?>>map(c -> c).toList());
    }

    @Bean
    PgmqConsumers pgmqConsumers(ListenerMethods methods, PgmqChannels channels, PgmqProperties properties,
                                Environment environment, DataSource dataSource,
                                ObjectProvider<PlatformTransactionManager> transactionManager,
                                ObjectProvider<LifecycleProperties> lifecycle) {
        Duration phase = Optional.ofNullable(lifecycle.getIfAvailable())
                .map(LifecycleProperties::getTimeoutPerShutdownPhase).orElse(DEFAULT_SHUTDOWN_PHASE);
        return new PgmqConsumers(methods, channels, properties, environment, dataSource,
                Optional.ofNullable(transactionManager.getIfUnique()), shutdownDeadline(phase));
    }

    /**
     * The consumers' shutdown deadline within Spring's phase timeout: handlers get most of it, and the rest is left
     * for their last acks and the connections' close, so that the phase ends before Spring stops waiting.
     */
    static Duration shutdownDeadline(Duration phase) {
        Duration margin = phase.dividedBy(5);
        if (margin.compareTo(Duration.ofSeconds(5)) > 0) {
            margin = Duration.ofSeconds(5);
        }
        return phase.minus(margin);
    }
}
