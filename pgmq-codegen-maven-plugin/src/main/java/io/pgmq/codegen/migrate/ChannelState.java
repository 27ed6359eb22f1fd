package io.pgmq.codegen.migrate;

import io.pgmq.codegen.manifest.ChannelSettings;
import io.pgmq.codegen.manifest.ChannelSpec;
import io.pgmq.codegen.manifest.PayloadType;
import io.pgmq.codegen.manifest.Setting;
import io.pgmq.codegen.manifest.SettingValues;
import java.util.Objects;

/**
 * What the migrations written so far make of one channel: the snapshot recorded in the lock file, the values of the
 * settings the table records ({@link ChannelSettings#LOCKED}).
 *
 * @param values the recorded values; always holds the payload type
 * @param dropped whether a drop migration was written
 */
record ChannelState(SettingValues values, boolean dropped) {

    ChannelState {
        Objects.requireNonNull(values, "values");
        if (values.get(ChannelSettings.TYPE).isEmpty()) {
            throw new IllegalArgumentException("a channel's state needs its type, was " + values);
        }
    }

    /** The state a manifest entry asks for. */
    static ChannelState of(ChannelSpec spec) {
        return new ChannelState(spec.settings().only(ChannelSettings.LOCKED, s -> true), false);
    }

    /** A channel just created, before any setting: each recorded setting as its absent key means. */
    static ChannelState created(PayloadType type) {
        SettingValues values = SettingValues.NONE.with(ChannelSettings.TYPE, type);
        for (Setting<?> setting : ChannelSettings.LOCKED) {
            values = withAbsentValue(values, setting);
        }
        return new ChannelState(values, false);
    }

    private static <T> SettingValues withAbsentValue(SettingValues values, Setting<T> setting) {
        return setting.absentValue().map(v -> values.with(setting, v)).orElse(values);
    }

    PayloadType type() {
        return values.get(ChannelSettings.TYPE).orElseThrow();
    }

    ChannelState asDropped() {
        return new ChannelState(values, true);
    }
}
