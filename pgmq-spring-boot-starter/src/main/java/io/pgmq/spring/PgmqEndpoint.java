package io.pgmq.spring;

import io.pgmq.Channel;
import io.pgmq.Consumer;
import io.pgmq.internal.StatsQueries;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The read-only {@code pgmq} actuator endpoint ({@code /actuator/pgmq}): the application's channels with their stats
 * from {@code pg_mq_channel_stats} and whether a consumer of this instance runs on each. Thread-safe.
 */
@Endpoint(id = "pgmq")
public final class PgmqEndpoint {

    private final StatsReader stats;
    private final PgmqChannels channels;
    private final PgmqConsumers consumers;

    PgmqEndpoint(StatsReader stats, PgmqChannels channels, PgmqConsumers consumers) {
        this.stats = stats;
        this.channels = channels;
        this.consumers = consumers;
    }

    /** Returns every channel with its stats. */
    @ReadOperation
    public ChannelsReport channels() {
        Map<String, Optional<Map<String, StatsQueries.ChannelStats>>> read = stats.read();
        Set<String> consumed = consumers.running().stream().map(Consumer::channel).map(Channel::name)
                .collect(Collectors.toSet());
        List<ChannelReport> reports = new ArrayList<>();
        for (Channel<?> channel : channels.all()) {
            StatsQueries.ChannelStats s = read.getOrDefault(channel.schema(), Optional.empty())
                    .map(rows -> rows.get(channel.name())).orElse(null);
            reports.add(new ChannelReport(channel.name(), channel.schema(), channel.payloadType().sqlName(),
                    consumed.contains(channel.name()), s != null,
                    s == null ? null : s.ready(), s == null ? null : s.leased(), s == null ? null : s.delayed(),
                    s == null ? null : s.dead(), s == null ? null : s.done(),
                    s == null ? null : s.oldestReadySeconds(), s == null ? null : s.tableBytes()));
        }
        return new ChannelsReport(reports);
    }

    /**
     * The endpoint's answer.
     *
     * @param channels the channels, ordered by name
     */
    public record ChannelsReport(List<ChannelReport> channels) {
    }

    /**
     * One channel; the stats are null when the channel does not exist in the database.
     *
     * @param name               the channel's name
     * @param schema             its schema
     * @param payloadType        text, xml or bytea
     * @param consumed           whether a consumer of this instance runs on it
     * @param exists             whether the database has it
     * @param ready              messages claimable now
     * @param leased             messages claimed, lease not expired
     * @param delayed            messages waiting for a delay or a retry backoff
     * @param dead               dead letters
     * @param done               finished messages kept until retention
     * @param oldestReadySeconds age of the oldest ready message, 0 when none is ready
     * @param tableBytes         the queue table's size with indexes and TOAST
     */
    public record ChannelReport(String name, String schema, String payloadType, boolean consumed, boolean exists,
                                Long ready, Long leased, Long delayed, Long dead, Long done,
                                Double oldestReadySeconds, Long tableBytes) {
    }
}
