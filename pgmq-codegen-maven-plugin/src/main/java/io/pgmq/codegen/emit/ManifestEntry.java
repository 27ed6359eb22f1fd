package io.pgmq.codegen.emit;

import io.pgmq.codegen.manifest.Block;
import io.pgmq.codegen.manifest.ChannelKey;
import io.pgmq.codegen.manifest.ChannelSettings;
import io.pgmq.codegen.manifest.ChannelSpec;
import io.pgmq.codegen.manifest.Setting;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Renders a channel back as canonical manifest YAML, for Javadoc, through the settings table. */
final class ManifestEntry {

    private ManifestEntry() {
    }

    static String yaml(ChannelSpec channel) {
        StringBuilder out = new StringBuilder();
        out.append(channel.name()).append(":\n");
        for (ChannelKey key : ChannelSettings.CHANNEL) {
            if (key instanceof Block block) {
                List<String> members = new ArrayList<>();
                for (Setting<?> member : block.members()) {
                    value(channel, member).ifPresent(v -> members.add(leaf(member) + ": " + v));
                }
                if (!members.isEmpty()) {
                    out.append("  ").append(block.key()).append(": { ").append(String.join(", ", members))
                            .append(" }\n");
                }
            } else {
                Setting<?> setting = (Setting<?>) key;
                if (setting.inJavadoc()) {
                    value(channel, setting).ifPresent(v -> out.append("  ").append(setting.key()).append(": ")
                            .append(v).append('\n'));
                }
            }
        }
        return out.toString();
    }

    /** The value as the manifest spells it, unless unset or the value an absent key has. */
    private static <T> Optional<String> value(ChannelSpec channel, Setting<T> setting) {
        return channel.get(setting).filter(v -> !setting.isAbsentValue(v)).map(setting::yaml);
    }

    private static String leaf(Setting<?> setting) {
        return setting.key().substring(setting.key().lastIndexOf('.') + 1);
    }
}
