package io.pgmq.codegen.migrate;

import io.pgmq.codegen.manifest.ChannelSettings;
import io.pgmq.codegen.manifest.ChannelSpec;
import io.pgmq.codegen.manifest.Removal;
import io.pgmq.codegen.manifest.Setting;
import io.pgmq.codegen.manifest.SettingSql;
import io.pgmq.codegen.manifest.SqlText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SQL of generated channel migrations: calls to pgmq-schema's functions as the settings table names them,
 * identifiers quoted, values literal.
 */
final class MigrationSql {

    private static final String DO_NOT_EDIT =
            "-- Written by pgmq make-migrations. Do not edit: channels.lock.json records its checksum.\n";

    private MigrationSql() {
    }

    static String create(Optional<String> schema, ChannelSpec channel, Optional<String> contract,
            String manifestFile) {
        StringBuilder sql = header("create channel \"" + channel.name() + "\" (" + channel.type().manifestName()
                + channel.get(ChannelSettings.MESSAGE).map(m -> " of " + m).orElse("") + ")", manifestFile);
        sql.append("SELECT ").append(SqlText.qualified(schema, "pg_mq_create_queue")).append('(')
                .append(SqlText.literal(channel.name())).append(", ")
                .append(SqlText.literal(channel.type().sqlName())).append(");\n");
        changes(sql, schema, channel.name(), ChannelState.created(channel.type()), ChannelState.of(channel));
        contract.ifPresent(c -> contract(sql, schema, channel.name(), c));
        return sql.toString();
    }

    static String alter(Optional<String> schema, String channel, ChannelState before, ChannelState after,
            Optional<String> contract, String manifestFile) {
        String what = before.equals(after) ? "update the message contract of channel \"" + channel + "\""
                : "change the grants or settings" + (contract.isPresent() ? " and the message contract" : "")
                        + " of channel \"" + channel + "\"";
        StringBuilder sql = header(what, manifestFile);
        changes(sql, schema, channel, before, after);
        contract.ifPresent(c -> contract(sql, schema, channel, c));
        return sql.toString();
    }

    /**
     * The CHECK constraints of a json channel's message (pgmq core V12): required fields present with their JSON
     * type, optional ones of their type when present. Replaces the channel's earlier contract.
     */
    private static void contract(StringBuilder sql, Optional<String> schema, String channel, String contract) {
        sql.append("SELECT ").append(SqlText.qualified(schema, "pg_mq_set_json_contract")).append('(')
                .append(SqlText.literal(channel)).append(", ").append(SqlText.literal(contract)).append("::jsonb);\n");
    }

    static String drop(Optional<String> schema, ChannelSpec channel, String manifestFile) {
        StringBuilder sql = header("drop retired channel \"" + channel.name() + "\"", manifestFile);
        String table = SqlText.qualified(schema, channel.tableName());
        String stats = SqlText.qualified(schema, "pg_mq_channel_stats");
        String hint = "Retire a channel in three steps: stop its producers; let its consumers drain it (SELECT * FROM "
                + stats + " WHERE channel = '" + channel.name() + "' shows what is left; redrive dead letters with "
                + SqlText.qualified(schema, "pg_mq_redrive") + "('" + channel.name() + "') or delete them); then"
                + " deploy retired: true. Flyway runs this migration again on the next migrate. To drop the messages"
                + " on purpose, DELETE FROM " + table + " first.";
        sql.append("DO $pgmq$\nDECLARE\n    v_left bigint;\nBEGIN\n")
                .append("    SELECT count(*) INTO v_left FROM ").append(table).append(" WHERE NOT was_delivered;\n")
                .append("    IF v_left > 0 THEN\n")
                .append("        RAISE EXCEPTION 'channel \"").append(channel.name()).append("\" still holds %"
                        + " undelivered messages (ready, leased, delayed or dead letters); pgmq will not drop it',"
                        + " v_left\n")
                .append("            USING HINT = ").append(SqlText.literal(hint)).append(";\n")
                .append("    END IF;\nEND\n$pgmq$;\n");
        sql.append("SELECT ").append(SqlText.qualified(schema, "pg_mq_drop_queue")).append('(')
                .append(SqlText.literal(channel.name())).append(");\n");
        return sql.toString();
    }

    static String core(CoreScripts.CoreScript script, Optional<String> schema) {
        StringBuilder sql = new StringBuilder("-- pgmq core script ").append(script.fileName())
                .append(", vendored from pgmq-schema by pgmq make-migrations.\n").append(DO_NOT_EDIT);
        if (schema.isEmpty()) {
            return sql.append('\n').append(script.sql()).toString();
        }
        // the core installs into current_schema(): point search_path at the manifest's schema for this script only,
        // and put back the caller's, so that a Flyway group of migrations sees no change
        String name = SqlText.identifier(schema.get());
        sql.append("-- Installs into schema ").append(name).append(", the manifest's schema: key.\n\n")
                .append("CREATE SCHEMA IF NOT EXISTS ").append(name).append(";\n")
                .append("SELECT set_config('pgmq.search_path_before', current_setting('search_path'), true);\n")
                .append("SELECT set_config('search_path', ").append(SqlText.literal(name)).append(", true);\n\n")
                .append(script.sql());
        if (!script.sql().endsWith("\n")) {
            sql.append('\n');
        }
        return sql.append("\nSELECT set_config('search_path', current_setting('pgmq.search_path_before'), true);\n")
                .toString();
    }

    private static StringBuilder header(String what, String manifestFile) {
        return new StringBuilder("-- pgmq: ").append(what).append(", as declared in ").append(manifestFile)
                .append(".\n").append(DO_NOT_EDIT).append('\n');
    }

    /** Revokes, then grants, then one call per function with the changed settings, in table order. */
    private static void changes(StringBuilder sql, Optional<String> schema, String channel, ChannelState before,
            ChannelState after) {
        List<Setting<?>> grants = ChannelSettings.LOCKED.stream()
                .filter(s -> s.sql() instanceof SettingSql.Grant).toList();
        for (Setting<?> setting : grants) {
            SettingSql.Grant grant = (SettingSql.Grant) setting.sql();
            roles(sql, schema, channel, grant.revoke(), minus(roles(before, setting), roles(after, setting)));
        }
        for (Setting<?> setting : grants) {
            SettingSql.Grant grant = (SettingSql.Grant) setting.sql();
            roles(sql, schema, channel, grant.grant(), minus(roles(after, setting), roles(before, setting)));
        }
        Map<SettingSql.Function, List<String>> calls = new LinkedHashMap<>();
        for (Setting<?> setting : ChannelSettings.LOCKED) {
            if (setting.sql() instanceof SettingSql.Argument argument) {
                changed(setting, before, after).ifPresent(value -> calls
                        .computeIfAbsent(argument.function(), f -> new ArrayList<>())
                        .add(argument.name().map(n -> n + " => ").orElse("") + value));
            }
        }
        calls.forEach((function, args) -> call(sql, schema, channel, function, args));
    }

    /** The SQL literal to write for a setting, if it changed and its new state needs writing. */
    private static <T> Optional<String> changed(Setting<T> setting, ChannelState before, ChannelState after) {
        Optional<T> was = before.values().get(setting);
        Optional<T> now = after.values().get(setting);
        if (was.equals(now)) {
            return Optional.empty();
        }
        if (now.isEmpty()) {
            // a removed REFUSED setting never gets here: Migrations refuses the plan first
            return setting.removal() == Removal.RESETS ? setting.resetValue().map(setting::sqlLiteral)
                    : Optional.empty();
        }
        return now.map(setting::sqlLiteral);
    }

    private static void call(StringBuilder sql, Optional<String> schema, String channel,
            SettingSql.Function function, List<String> args) {
        sql.append("SELECT ").append(SqlText.qualified(schema, function.name())).append('(')
                .append(SqlText.literal(channel));
        switch (function.layout()) {
            case NAMED_LINES -> sql.append(",\n    ").append(String.join(",\n    ", args));
            case NAMED_INLINE, POSITIONAL -> sql.append(", ").append(String.join(", ", args));
            default -> throw new IllegalStateException("unknown layout " + function.layout());
        }
        sql.append(");\n");
    }

    @SuppressWarnings("unchecked")
    private static List<String> roles(ChannelState state, Setting<?> setting) {
        return (List<String>) state.values().get(setting).map(v -> (Object) v).orElse(List.of());
    }

    private static void roles(StringBuilder sql, Optional<String> schema, String channel, String function,
            List<String> roles) {
        for (String role : roles) {
            sql.append("SELECT ").append(SqlText.qualified(schema, function)).append('(')
                    .append(SqlText.literal(channel)).append(", ").append(SqlText.literal(role)).append(");\n");
        }
    }

    private static List<String> minus(List<String> a, List<String> b) {
        return a.stream().filter(x -> !b.contains(x)).toList();
    }
}
