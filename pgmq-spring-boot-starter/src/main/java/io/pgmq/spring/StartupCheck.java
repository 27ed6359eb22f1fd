package io.pgmq.spring;

import io.pgmq.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The startup check of the channels an application uses: each must exist in its schema's pgmq catalog with the
 * payload type its class (or its listener) expects. Collects every problem, then fails once.
 */
final class StartupCheck {

    private static final String MIGRATE = "Boot's Flyway applies the generated migrations (src/main/resources/"
            + "db/migration/pgmq, under spring.flyway.locations' default classpath:db/migration); if none creates"
            + " it, declare it in src/main/pgmq/channels.yaml and run ./mvnw pgmq:make-migrations";

    private final CatalogQueries catalog;
    private final PgmqChannels channels;
    private final List<Use> uses;

    /**
     * Where a listener uses a channel, for messages.
     *
     * @param channel the channel
     * @param method  the listener method, e.g. {@code OrderListeners.on(String)}
     */
    record Use(Channel<?> channel, String method) {
    }

    StartupCheck(CatalogQueries catalog, PgmqChannels channels, List<Use> uses) {
        this.catalog = catalog;
        this.channels = channels;
        this.uses = uses;
    }

    /**
     * Runs the check.
     *
     * @throws IllegalStateException naming every missing or mistyped channel, what the database has, and the fix
     */
    void run() {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, List<Channel<?>>> schema : channels.bySchema().entrySet()) {
            Optional<Map<String, String>> found = catalog.payloadTypes(schema.getKey());
            if (found.isEmpty()) {
                problems.add("schema \"" + schema.getKey() + "\" has no pgmq catalog (pg_mq_config_catalog), so"
                        + " none of its channels " + names(schema.getValue()) + " exists: pgmq's core migrations did"
                        + " not run there. " + MIGRATE + " (its core-install migrations come with the first one)");
                continue;
            }
            for (Channel<?> channel : schema.getValue()) {
                String type = found.get().get(channel.name());
                String expected = channel.payloadType().sqlName();
                if (type == null) {
                    problems.add("channel \"" + channel.name() + "\"" + usedBy(channel) + " does not exist in schema \""
                            + schema.getKey() + "\" (found there: " + (found.get().isEmpty() ? "no channels"
                            : String.join(", ", found.get().keySet())) + "). " + MIGRATE);
                } else if (!type.equals(expected)) {
                    problems.add("channel \"" + channel.name() + "\"" + usedBy(channel) + " holds " + type
                            + " payloads in schema \"" + schema.getKey() + "\", but " + channel.getClass()
                            .getSimpleName() + " expects " + expected + ". Make the manifest's type match the"
                            + " database (a channel's type does not change: create a new channel for the new type)");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("pgmq: startup check failed, " + problems.size() + " problem(s):\n  - "
                    + String.join("\n  - ", problems));
        }
    }

    private String usedBy(Channel<?> channel) {
        String methods = uses.stream().filter(u -> u.channel() == channel)
                .map(u -> u.method()).collect(Collectors.joining(", "));
        return methods.isEmpty() ? "" : " (listened to by " + methods + ")";
    }

    private static String names(List<Channel<?>> channels) {
        return channels.stream().map(c -> "\"" + c.name() + "\"").collect(Collectors.joining(", ", "[", "]"));
    }
}
