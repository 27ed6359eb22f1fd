package io.pgmq.codegen.manifest;

import io.pgmq.schema.ChannelName;

/**
 * Renders the manifest reference ({@code docs/reference/manifest.md}) from the settings table: every key with its
 * type, default, meaning, example and the SQL it becomes. A test fails when the committed file is stale. Stateless
 * and thread-safe.
 */
public final class ManifestReference {

    private ManifestReference() {
    }

    /** Returns the reference as Markdown, LF line endings. */
    public static String render() {
        StringBuilder md = new StringBuilder();
        md.append("# Manifest reference (`channels.yaml`)\n\n")
                .append("<!-- Generated from the codegen plugin's settings table (ChannelSettings); do not edit.\n")
                .append("     Regenerate it, and the JSON Schema, with: ./mvnw -B -pl pgmq-codegen-maven-plugin -am test")
                .append(" -Dtest='ManifestReferenceTest,SettingsTableTest' -Dsurefire.failIfNoSpecifiedTests=false")
                .append(" -Dpgmq.updateGolden=true -->\n\n")
                .append("Every key the manifest takes. Editors check the same rules with the JSON Schema that")
                .append(" `pgmq:generate` writes to `target/pgmq/channels.schema.json`. Durations are a whole number")
                .append(" and a unit: `ms`, `s`, `m`, `h` or `d`.\n\n");
        md.append("## Top level\n\n| key | value | meaning |\n| --- | --- | --- |\n");
        row(md, ChannelSettings.PACKAGE);
        row(md, ChannelSettings.SCHEMA);
        md.append("| `messages` | a mapping from message name to { description, fields } | ")
                .append(ChannelSettings.MESSAGES_MEANING).append(" See docs/json-messages.md. |\n");
        md.append("| `channels` | a mapping from channel name to its entry | ").append(ChannelSettings.CHANNELS_MEANING)
                .append(" Two names that map to one class are refused. |\n\n");
        md.append("A channel name becomes the table `").append(ChannelName.TABLE_PREFIX)
                .append("<name>`, the `LISTEN` channel `<name>` and the class `<UpperCamel>Channel`.\n\n");
        md.append("## A channel's keys\n\n");
        for (ChannelKey key : ChannelSettings.CHANNEL) {
            if (key instanceof Block block) {
                md.append("### `").append(block.key()).append("`\n\n").append(block.meaning());
                block.bound().ifPresent(b -> md.append(" The plugin checks that ").append(b.describe()).append('.'));
                md.append("\n\nExample: `").append(block.key()).append(": ").append(block.example()).append("`\n\n");
                for (Setting<?> member : block.members()) {
                    section(md, member, "####");
                }
            } else {
                section(md, (Setting<?>) key, "###");
            }
        }
        return md.toString();
    }

    private static void row(StringBuilder md, Setting<?> setting) {
        md.append("| `").append(setting.key()).append("` | ").append(setting.describe()).append(" | ")
                .append(sentences(setting)).append(" Example: `").append(setting.key()).append(": ")
                .append(setting.example()).append("` |\n");
    }

    private static void section(StringBuilder md, Setting<?> setting, String heading) {
        md.append(heading).append(" `").append(setting.key()).append("`\n\n").append(setting.meaning()).append("\n\n");
        md.append("- value: ").append(setting.describe()).append('\n');
        md.append("- when absent: ").append(setting.defaultText().orElse(setting.required() ? "required" : "unset"))
                .append('\n');
        md.append("- example: `").append(ValueType.leaf(setting.key())).append(": ").append(setting.example())
                .append("`\n");
        md.append("- SQL: ").append(sql(setting)).append('\n');
        md.append("- once migrated: ").append(lifecycle(setting)).append("\n\n");
    }

    private static String sql(Setting<?> setting) {
        if (setting.sql() instanceof SettingSql.Argument argument) {
            String call = "`" + argument.function().name() + "('<channel>', "
                    + argument.name().map(n -> n + " => ").orElse("") + exampleSql(setting) + ")`";
            return call + " (pgmq core " + argument.since() + "), in the create or alter migration; changed"
                    + " settings of one function share one call";
        }
        if (setting.sql() instanceof SettingSql.Grant grant) {
            return "`" + grant.grant() + "('<channel>', '<role>')` per added role, `" + grant.revoke()
                    + "('<channel>', '<role>')` per removed one";
        }
        if (setting == ChannelSettings.MESSAGE) {
            return "`pg_mq_set_json_contract('<channel>', '<contract>'::jsonb)` (pgmq core V12) after creating the"
                    + " channel, and again when an allowed change to the message changes the contract";
        }
        return setting == ChannelSettings.TYPE ? "`pg_mq_create_queue('<channel>', '<type>')` (json: `jsonb`)"
                : setting == ChannelSettings.RETIRED ? "a drop migration: a guard that refuses while the table holds"
                        + " undelivered messages, then `pg_mq_drop_queue('<channel>')`"
                        : "none (it shapes the generated Java only)";
    }

    private static <T> String exampleSql(Setting<T> setting) {
        ManifestReading reading = ManifestParser.read("example.yaml", "package: a.b\nchannels:\n  x:\n    type: text\n"
                + yamlLine(setting));
        return reading.channel("x").flatMap(c -> c.get(setting)).map(setting::sqlLiteral).orElse("...");
    }

    private static String yamlLine(Setting<?> setting) {
        String key = setting.key();
        int dot = key.indexOf('.');
        return dot < 0 ? "    " + key + ": " + setting.example() + "\n"
                : "    " + key.substring(0, dot) + ": { " + key.substring(dot + 1) + ": " + setting.example() + " }\n";
    }

    private static String lifecycle(Setting<?> setting) {
        if (setting.immutable()) {
            return "cannot change";
        }
        if (setting.lockKey().isEmpty()) {
            return "may change or go; no migration needed";
        }
        return switch (setting.removal()) {
            case REFUSED -> "may change (an alter migration passes the new value); removing it is refused, since"
                    + " the database would keep the old value";
            case RESETS -> "may change; removing it writes " + setting.resetValue().map(setting::yaml).orElseThrow()
                    + " again";
            case ALLOWED -> "may change or go; the alter migration writes the difference";
        };
    }

    /** The description of a key for the JSON Schema: meaning, default and what the plugin checks beyond it. */
    static String sentences(Setting<?> setting) {
        StringBuilder out = new StringBuilder(setting.meaning());
        setting.defaultText().ifPresent(d -> out.append(" When absent: ").append(d).append('.'));
        if (setting.immutable() && setting.lockKey().isPresent()) {
            out.append(" Cannot change once migrated.");
        } else if (setting.removal() == Removal.REFUSED) {
            out.append(" Once migrated it can be changed but not removed.");
        }
        String beyond = setting.type().beyondSchema();
        if (!beyond.isEmpty()) {
            out.append(' ').append(beyond);
        }
        return out.toString();
    }
}
