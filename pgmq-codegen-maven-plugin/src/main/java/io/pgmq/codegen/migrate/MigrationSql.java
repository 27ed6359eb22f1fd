package io.pgmq.codegen.migrate;

import io.pgmq.codegen.manifest.ChannelSpec;
import io.pgmq.codegen.manifest.NotifyMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** The SQL of generated channel migrations: calls to pgmq-schema's functions, identifiers quoted, values literal. */
final class MigrationSql {

    private static final String DO_NOT_EDIT =
            "-- Written by pgmq make-migrations. Do not edit: channels.lock.json records its checksum.\n";

    private MigrationSql() {
    }

    static String create(Optional<String> schema, ChannelSpec channel, String manifestFile) {
        StringBuilder sql = header("create channel \"" + channel.name() + "\" (" + channel.type().manifestName()
                + ")", manifestFile);
        sql.append("SELECT ").append(Sql.qualified(schema, "pg_mq_create_queue")).append('(')
                .append(Sql.literal(channel.name())).append(", ").append(Sql.literal(channel.type().manifestName()))
                .append(");\n");
        grants(sql, schema, channel.name(), "grant_send", channel.grants().send());
        grants(sql, schema, channel.name(), "grant_receive", channel.grants().receive());
        ChannelState none = new ChannelState(channel.type().manifestName(), List.of(), List.of(),
                OptionalInt.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                OptionalInt.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false);
        settings(sql, schema, channel.name(), none, ChannelState.of(channel));
        return sql.toString();
    }

    static String alter(Optional<String> schema, String channel, ChannelState before, ChannelState after,
            String manifestFile) {
        StringBuilder sql = header("change the grants or settings of channel \"" + channel + "\"", manifestFile);
        grants(sql, schema, channel, "revoke_send", minus(before.send(), after.send()));
        grants(sql, schema, channel, "revoke_receive", minus(before.receive(), after.receive()));
        grants(sql, schema, channel, "grant_send", minus(after.send(), before.send()));
        grants(sql, schema, channel, "grant_receive", minus(after.receive(), before.receive()));
        settings(sql, schema, channel, before, after);
        return sql.toString();
    }

    static String drop(Optional<String> schema, ChannelSpec channel, String manifestFile) {
        StringBuilder sql = header("drop retired channel \"" + channel.name() + "\"", manifestFile);
        String table = Sql.qualified(schema, channel.tableName());
        sql.append("DO $pgmq$\nBEGIN\n")
                .append("    IF EXISTS (SELECT 1 FROM ").append(table).append(" WHERE NOT was_delivered) THEN\n")
                .append("        RAISE EXCEPTION 'channel \"").append(channel.name())
                .append("\" still holds messages; pgmq will not drop it'\n")
                .append("            USING HINT = 'Let its consumers drain ").append(channel.tableName())
                .append(" (or delete its rows on purpose), then run this migration again.';\n")
                .append("    END IF;\nEND\n$pgmq$;\n");
        sql.append("SELECT ").append(Sql.qualified(schema, "pg_mq_drop_queue")).append('(')
                .append(Sql.literal(channel.name())).append(");\n");
        return sql.toString();
    }

    static String core(CoreScripts.CoreScript script) {
        return "-- pgmq core script " + script.fileName() + ", vendored from pgmq-schema by pgmq make-migrations.\n"
                + DO_NOT_EDIT + "\n" + script.sql();
    }

    private static StringBuilder header(String what, String manifestFile) {
        return new StringBuilder("-- pgmq: ").append(what).append(", as declared in ").append(manifestFile)
                .append(".\n").append(DO_NOT_EDIT).append('\n');
    }

    private static void grants(StringBuilder sql, Optional<String> schema, String channel, String function,
            List<String> roles) {
        for (String role : roles) {
            sql.append("SELECT ").append(Sql.qualified(schema, "pg_mq_" + function)).append('(')
                    .append(Sql.literal(channel)).append(", ").append(Sql.literal(role)).append(");\n");
        }
    }

    private static void settings(StringBuilder sql, Optional<String> schema, String channel, ChannelState before,
            ChannelState after) {
        List<String> args = new ArrayList<>();
        if (!before.maxAttempts().equals(after.maxAttempts())) {
            after.maxAttempts().ifPresent(n -> args.add("in_max_attempts => " + n));
        }
        interval(args, "in_backoff_base", before.backoffBase(), after.backoffBase());
        interval(args, "in_backoff_max", before.backoffMax(), after.backoffMax());
        interval(args, "in_lease", before.lease(), after.lease());
        if (!before.keepAcked().equals(after.keepAcked())) {
            after.keepAcked().ifPresent(k -> args.add("in_keep_acked => " + k));
        }
        if (!args.isEmpty()) {
            sql.append("SELECT ").append(Sql.qualified(schema, "pg_mq_alter_channel")).append('(')
                    .append(Sql.literal(channel)).append(",\n    ").append(String.join(",\n    ", args)).append(");\n");
        }
        // pgmq core V8; Migrations refuses a removed fillfactor, since the table would keep the old one silently
        if (!before.fillfactor().equals(after.fillfactor()) && after.fillfactor().isPresent()) {
            sql.append("SELECT ").append(Sql.qualified(schema, "pg_mq_set_fillfactor")).append('(')
                    .append(Sql.literal(channel)).append(", ").append(after.fillfactor().getAsInt()).append(");\n");
        }
        // pg_mq_set_retention leaves a NULL argument's setting as it is, so only changed values are passed
        List<String> retention = new ArrayList<>();
        interval(retention, "in_retention", before.retention(), after.retention());
        interval(retention, "in_dead_retention", before.deadRetention(), after.deadRetention());
        if (!retention.isEmpty()) {
            sql.append("SELECT ").append(Sql.qualified(schema, "pg_mq_set_retention")).append('(')
                    .append(Sql.literal(channel)).append(", ").append(String.join(", ", retention)).append(");\n");
        }
        notifyMode(sql, schema, channel, before, after);
    }

    private static void notifyMode(StringBuilder sql, Optional<String> schema, String channel, ChannelState before,
            ChannelState after) {
        if (before.notifyMode().equals(after.notifyMode())) {
            return;
        }
        // a removed notify key means the database's default again, which is well defined: 'always'
        String mode = after.notifyMode().orElse(NotifyMode.ALWAYS.manifestName());
        sql.append("SELECT ").append(Sql.qualified(schema, "pg_mq_set_notify_mode")).append('(')
                .append(Sql.literal(channel)).append(", ").append(Sql.literal(mode)).append(");\n");
    }

    private static void interval(List<String> args, String name, Optional<Duration> before, Optional<Duration> after) {
        if (!before.equals(after)) {
            after.ifPresent(d -> args.add(name + " => " + Sql.interval(d)));
        }
    }

    private static List<String> minus(List<String> a, List<String> b) {
        return a.stream().filter(x -> !b.contains(x)).toList();
    }
}
