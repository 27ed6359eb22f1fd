package io.pgmq.fault;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Creates a scenario's channels and the suite's own tables ({@code fault-schema.sql}) in a migrated database.
 */
final class FaultSchema {

    /**
     * Attempts before a message becomes a dead letter. Far above pgmq's default 5: a fault may fail one message's
     * handling several times (a backend terminated again and again), and a dead letter would hide whether the suite
     * lost it; the report counts dead letters separately (there should be none).
     */
    static final int MAX_ATTEMPTS = 100;

    private FaultSchema() {
    }

    /**
     * Creates {@code channels} with their payload types, each retrying after a short backoff (100 ms doubling up to
     * 1 s, so that a fault's retries finish within the scenario), and the tables {@code fault_sent} and
     * {@code fault_ledger}.
     */
    static void install(Connection c, List<FaultChannel<?>> channels) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(resource("fault-schema.sql"));
        }
        try (PreparedStatement create = c.prepareStatement("SELECT pg_mq_create_queue(?, ?)");
             PreparedStatement alter = c.prepareStatement("SELECT pg_mq_alter_channel(?, in_max_attempts => ?, "
                     + "in_backoff_base => interval '100 milliseconds', in_backoff_max => interval '1 second')")) {
            for (FaultChannel<?> channel : channels) {
                create.setString(1, channel.name());
                create.setString(2, channel.channel().payloadType().sqlName());
                create.execute();
                alter.setString(1, channel.name());
                alter.setInt(2, MAX_ATTEMPTS);
                alter.execute();
            }
        }
    }

    /** Sets a channel's notify mode: {@code always}, {@code when_idle} or {@code never}. */
    static void notifyMode(Connection c, FaultChannel<?> channel, String mode) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT pg_mq_set_notify_mode(?, ?)")) {
            s.setString(1, channel.name());
            s.setString(2, mode);
            s.execute();
        }
    }

    private static String resource(String name) {
        try (InputStream in = FaultSchema.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("pgmq-fault: resource io/pgmq/fault/" + name + " is missing from the "
                        + "classpath; rebuild the module");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
