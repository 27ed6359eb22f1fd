package io.pgmq.spring;

import io.micrometer.core.instrument.MeterRegistry;
import io.pgmq.micrometer.PgmqMetrics;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;

/**
 * Binds {@link PgmqMetrics} for the application's channels and running consumers to its {@link MeterRegistry}s, once
 * the consumers have started (consumers exist only from then on). Thread-safe.
 */
final class PgmqMeterBinding implements SmartLifecycle {

    private final DataSource dataSource;
    private final PgmqChannels channels;
    private final PgmqConsumers consumers;
    private final ObjectProvider<MeterRegistry> registries;
    private boolean bound;
    private boolean running;

    PgmqMeterBinding(DataSource dataSource, PgmqChannels channels, PgmqConsumers consumers,
                     ObjectProvider<MeterRegistry> registries) {
        this.dataSource = dataSource;
        this.channels = channels;
        this.consumers = consumers;
        this.registries = registries;
    }

    @Override
    public synchronized void start() {
        running = true;
        if (bound) {
            return;  // meters outlive a stop and start: Micrometer keeps the first registration
        }
        bound = true;
        PgmqMetrics metrics = PgmqMetrics.of(dataSource, channels.all(), consumers.running());
        registries.orderedStream().forEach(metrics::bindTo);
    }

    @Override
    public synchronized void stop() {
        running = false;
    }

    @Override
    public synchronized boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PgmqConsumers.PHASE + 1;  // after the consumers started
    }
}
