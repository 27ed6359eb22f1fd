package io.pgmq.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code pgmq.*} settings of the starter. Per-channel consumer settings ({@code pgmq.consumers.<channel>.*})
 * are read as {@link Listener}s for the channels that have a {@link PgmqListener}.
 *
 * <p>Mutable, as Spring binds it; not thread-safe while being bound, read-only afterwards.
 */
@ConfigurationProperties("pgmq")
public class PgmqProperties {

    /** The schema that holds pgmq's tables and functions, for channels opened by name. */
    private String schema = "public";

    /**
     * Generated Channels classes (fully qualified) whose constants become channel beans. Empty: every class named
     * Channels in the application's packages (those of its @SpringBootApplication class).
     */
    private List<String> channelClasses = new ArrayList<>();

    /** The consumers of {@link PgmqListener} methods. */
    private final Consumers consumers = new Consumers();

    /** The {@code pgmq} health indicator. */
    private final Health health = new Health();

    /** Creates the defaults. */
    public PgmqProperties() {
    }

    /** Returns the schema of pgmq's tables and functions. */
    public String getSchema() {
        return schema;
    }

    /** Sets the schema of pgmq's tables and functions. */
    public void setSchema(String schema) {
        this.schema = schema;
    }

    /** Returns the generated {@code Channels} classes to read. */
    public List<String> getChannelClasses() {
        return channelClasses;
    }

    /** Sets the generated {@code Channels} classes to read. */
    public void setChannelClasses(List<String> channelClasses) {
        this.channelClasses = channelClasses;
    }

    /** Returns the consumer settings. */
    public Consumers getConsumers() {
        return consumers;
    }

    /** Returns the health settings. */
    public Health getHealth() {
        return health;
    }

    /** Settings of all consumers. */
    public static class Consumers {

        /** Whether to run the consumers of @PgmqListener methods; false on nodes that only send. */
        private boolean enabled = true;

        /** Creates the defaults. */
        public Consumers() {
        }

        /** Returns whether consumers run. */
        public boolean isEnabled() {
            return enabled;
        }

        /** Sets whether consumers run. */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /**
     * The settings of one channel's consumer, {@code pgmq.consumers.<channel>.*}; each one set here wins over the
     * {@link PgmqListener} attribute of the same name.
     */
    public static class Listener {

        /** How many handlers run at once, 1..1000. */
        private Integer concurrency;

        /** The most messages one claim takes, 1..1000. */
        private Integer batchSize;

        /** How long a claim hides a message, at least 1 second. */
        private Duration lease;

        /** How often to claim without a notification, at least 10 ms. */
        private Duration pollInterval;

        /** Polls only, without a LISTEN connection. */
        private Boolean pollOnly;

        /** Runs the handler in a Spring-managed transaction with a locked claim. */
        private Boolean transactional;

        /** Creates an empty set: every setting from the annotation or the default. */
        public Listener() {
        }

        /** Returns the concurrency, or null. */
        public Integer getConcurrency() {
            return concurrency;
        }

        /** Sets the concurrency. */
        public void setConcurrency(Integer concurrency) {
            this.concurrency = concurrency;
        }

        /** Returns the batch size, or null. */
        public Integer getBatchSize() {
            return batchSize;
        }

        /** Sets the batch size. */
        public void setBatchSize(Integer batchSize) {
            this.batchSize = batchSize;
        }

        /** Returns the lease, or null. */
        public Duration getLease() {
            return lease;
        }

        /** Sets the lease. */
        public void setLease(Duration lease) {
            this.lease = lease;
        }

        /** Returns the poll interval, or null. */
        public Duration getPollInterval() {
            return pollInterval;
        }

        /** Sets the poll interval. */
        public void setPollInterval(Duration pollInterval) {
            this.pollInterval = pollInterval;
        }

        /** Returns whether to poll only, or null. */
        public Boolean getPollOnly() {
            return pollOnly;
        }

        /** Sets whether to poll only. */
        public void setPollOnly(Boolean pollOnly) {
            this.pollOnly = pollOnly;
        }

        /** Returns whether the handler is transactional, or null. */
        public Boolean getTransactional() {
            return transactional;
        }

        /** Sets whether the handler is transactional. */
        public void setTransactional(Boolean transactional) {
            this.transactional = transactional;
        }
    }

    /** The health status of a channel past a threshold. */
    public enum ThresholdStatus {
        /** Taken out of a load balancer's rotation, not restarted. */
        OUT_OF_SERVICE,
        /** Failing. */
        DOWN
    }

    /** Thresholds of the {@code pgmq} health indicator; each is off until set. */
    public static class Health {

        /** The status past a threshold. */
        private ThresholdStatus status = ThresholdStatus.OUT_OF_SERVICE;

        /** The age of a channel's oldest ready message past which the status applies. */
        private Duration maxOldestReadyAge;

        /** The number of a channel's dead letters past which the status applies. */
        private Long maxDeadLetters;

        /** Creates the defaults. */
        public Health() {
        }

        /** Returns the status past a threshold. */
        public ThresholdStatus getStatus() {
            return status;
        }

        /** Sets the status past a threshold. */
        public void setStatus(ThresholdStatus status) {
            this.status = status;
        }

        /** Returns the oldest-ready-age threshold, or null. */
        public Duration getMaxOldestReadyAge() {
            return maxOldestReadyAge;
        }

        /** Sets the oldest-ready-age threshold. */
        public void setMaxOldestReadyAge(Duration maxOldestReadyAge) {
            this.maxOldestReadyAge = maxOldestReadyAge;
        }

        /** Returns the dead-letter threshold, or null. */
        public Long getMaxDeadLetters() {
            return maxDeadLetters;
        }

        /** Sets the dead-letter threshold. */
        public void setMaxDeadLetters(Long maxDeadLetters) {
            this.maxDeadLetters = maxDeadLetters;
        }
    }
}
