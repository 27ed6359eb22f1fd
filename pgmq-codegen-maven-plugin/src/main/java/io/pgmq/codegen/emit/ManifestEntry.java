package io.pgmq.codegen.emit;

import io.pgmq.codegen.manifest.ChannelSpec;
import java.time.Duration;

/** Renders a channel back as canonical manifest YAML, for Javadoc. */
final class ManifestEntry {

    private ManifestEntry() {
    }

    static String yaml(ChannelSpec channel) {
        StringBuilder out = new StringBuilder();
        out.append(channel.name()).append(":\n");
        out.append("  type: ").append(channel.type().manifestName()).append('\n');
        if (!channel.grants().send().isEmpty() || !channel.grants().receive().isEmpty()) {
            out.append("  grants: { send: ").append(channel.grants().send())
                    .append(", receive: ").append(channel.grants().receive()).append(" }\n");
        }
        channel.maxAttempts().ifPresent(n -> out.append("  max_attempts: ").append(n).append('\n'));
        if (channel.backoffBase().isPresent() || channel.backoffMax().isPresent()) {
            out.append("  backoff: {");
            channel.backoffBase().ifPresent(d -> out.append(" base: ").append(duration(d)));
            if (channel.backoffBase().isPresent() && channel.backoffMax().isPresent()) {
                out.append(',');
            }
            channel.backoffMax().ifPresent(d -> out.append(" max: ").append(duration(d)));
            out.append(" }\n");
        }
        channel.lease().ifPresent(d -> out.append("  lease: ").append(duration(d)).append('\n'));
        channel.keepAcked().ifPresent(k -> out.append("  keep_acked: ").append(k).append('\n'));
        channel.fillfactor().ifPresent(f -> out.append("  fillfactor: ").append(f).append('\n'));
        if (channel.retention().isPresent() || channel.deadRetention().isPresent()) {
            out.append("  retention: {");
            channel.retention().ifPresent(d -> out.append(" done: ").append(duration(d)));
            if (channel.retention().isPresent() && channel.deadRetention().isPresent()) {
                out.append(',');
            }
            channel.deadRetention().ifPresent(d -> out.append(" dead: ").append(duration(d)));
            out.append(" }\n");
        }
        channel.notifyMode().ifPresent(m -> out.append("  notify: ").append(m.manifestName()).append('\n'));
        return out.toString();
    }

    /** The shortest exact manifest spelling of a duration: {@code 5m}, {@code 90s}, {@code 250ms}. */
    static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000L == 0) {
            return ms / 86_400_000L + "d";
        }
        if (ms % 3_600_000L == 0) {
            return ms / 3_600_000L + "h";
        }
        if (ms % 60_000L == 0) {
            return ms / 60_000L + "m";
        }
        if (ms % 1000L == 0) {
            return ms / 1000L + "s";
        }
        return ms + "ms";
    }
}
