package io.pgmq.codegen.migrate;

import io.pgmq.codegen.manifest.ChannelSpec;
import io.pgmq.codegen.manifest.NotifyMode;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the migrations written so far make of one channel: the snapshot recorded in the lock file.
 *
 * @param type the payload type's manifest name
 * @param send roles granted send
 * @param receive roles granted receive
 * @param maxAttempts the max_attempts setting, if set
 * @param backoffBase the backoff base, if set
 * @param backoffMax the backoff max, if set
 * @param lease the lease, if set
 * @param keepAcked the keep_acked setting, if set
 * @param fillfactor the fillfactor setting, if set
 * @param retention the retention of finished messages ({@code retention.done}), if set
 * @param deadRetention the retention of dead letters ({@code retention.dead}), if set
 * @param notifyMode the notify mode's manifest name, if set
 * @param dropped whether a drop migration was written
 */
record ChannelState(String type, List<String> send, List<String> receive, OptionalInt maxAttempts,
        Optional<Duration> backoffBase, Optional<Duration> backoffMax, Optional<Duration> lease,
        Optional<Boolean> keepAcked, OptionalInt fillfactor, Optional<Duration> retention,
        Optional<Duration> deadRetention, Optional<String> notifyMode, boolean dropped) {

    ChannelState {
        Objects.requireNonNull(type, "type");
        send = List.copyOf(send);
        receive = List.copyOf(receive);
        Objects.requireNonNull(maxAttempts, "maxAttempts");
        Objects.requireNonNull(backoffBase, "backoffBase");
        Objects.requireNonNull(backoffMax, "backoffMax");
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(keepAcked, "keepAcked");
        Objects.requireNonNull(fillfactor, "fillfactor");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(deadRetention, "deadRetention");
        Objects.requireNonNull(notifyMode, "notifyMode");
    }

    static ChannelState of(ChannelSpec spec) {
        return new ChannelState(spec.type().manifestName(), spec.grants().send(), spec.grants().receive(),
                spec.maxAttempts(), spec.backoffBase(), spec.backoffMax(), spec.lease(), spec.keepAcked(),
                spec.fillfactor(), spec.retention(), spec.deadRetention(),
                spec.notifyMode().map(NotifyMode::manifestName), false);
    }

    ChannelState asDropped() {
        return new ChannelState(type, send, receive, maxAttempts, backoffBase, backoffMax, lease, keepAcked,
                fillfactor, retention, deadRetention, notifyMode, true);
    }
}
