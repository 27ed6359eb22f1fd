package io.pgmq.spring;

import io.pgmq.Channel;
import io.pgmq.internal.StatsQueries;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code pgmq} health indicator: DOWN when a schema of the application's channels has no pgmq (its migrations did
 * not run) or a channel is missing; {@code pgmq.health.status} (OUT_OF_SERVICE by default) when a channel's oldest
 * ready message is older than {@code pgmq.health.max-oldest-ready-age} or its dead letters exceed
 * {@code pgmq.health.max-dead-letters}; else UP. Details list each channel's ready and dead messages and the age of
 * its oldest ready one. Thread-safe.
 */
public final class PgmqHealthIndicator extends AbstractHealthIndicator {

    private final StatsReader stats;
    private final PgmqChannels channels;
    private final PgmqProperties.Health thresholds;

    PgmqHealthIndicator(StatsReader stats, PgmqChannels channels, PgmqProperties.Health thresholds) {
        super("pgmq health check failed");
        this.stats = stats;
        this.channels = channels;
        this.thresholds = thresholds;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Map<String, Optional<Map<String, StatsQueries.ChannelStats>>> read = stats.read();
        Status status = Status.UP;
        Map<String, Object> details = new LinkedHashMap<>();
        for (Map.Entry<String, List<Channel<?>>> schema : channels.bySchema().entrySet()) {
            Optional<Map<String, StatsQueries.ChannelStats>> rows = read.get(schema.getKey());
            if (rows == null || rows.isEmpty()) {
                status = Status.DOWN;
                details.put("schema " + schema.getKey(), "pgmq is not installed: its migrations did not run here");
                continue;
            }
            for (Channel<?> channel : schema.getValue()) {
                StatsQueries.ChannelStats s = rows.get().get(channel.name());
                if (s == null) {
                    status = Status.DOWN;
                    details.put(channel.name(), "missing: the channel does not exist");
                    continue;
                }
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("ready", s.ready());
                row.put("dead", s.dead());
                Duration oldest = Duration.ofMillis(Math.round(s.oldestReadySeconds() * 1000));
                row.put("oldestReadyAge", oldest.toString());
                String past = pastThreshold(s, oldest);
                if (past != null) {
                    row.put("problem", past);
                    if (status == Status.UP) {
                        status = thresholds.getStatus() == PgmqProperties.ThresholdStatus.DOWN ? Status.DOWN
                                : Status.OUT_OF_SERVICE;
                    }
                }
                details.put(channel.name(), row);
            }
        }
        builder.status(status).withDetails(details);
    }

    private String pastThreshold(StatsQueries.ChannelStats s, Duration oldest) {
        Duration maxAge = thresholds.getMaxOldestReadyAge();
        if (maxAge != null && oldest.compareTo(maxAge) > 0) {
            return "oldest ready message is " + oldest + " old, more than pgmq.health.max-oldest-ready-age " + maxAge
                    + ": consumers are behind or stopped";
        }
        Long maxDead = thresholds.getMaxDeadLetters();
        if (maxDead != null && s.dead() > maxDead) {
            return s.dead() + " dead letters, more than pgmq.health.max-dead-letters " + maxDead
                    + ": read them with deadLetters(), fix the cause, then redrive()";
        }
        return null;
    }
}
