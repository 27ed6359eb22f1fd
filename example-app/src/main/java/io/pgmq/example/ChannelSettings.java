package io.pgmq.example;

import static org.jooq.impl.DSL.function;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.val;

import io.pgmq.Channel;
import java.time.Duration;
import org.jooq.DSLContext;
import org.jooq.types.DayToSecond;

/** Changes a channel's retry settings at run time with {@code pg_mq_alter_channel}; the SQL for it lives here. */
final class ChannelSettings {

    private ChannelSettings() {
    }

    /**
     * Sets how often a message is tried before it becomes a dead letter, and the backoff between tries.
     * {@code pg_mq_alter_channel} is revoked from PUBLIC: run this as the channel's owner.
     */
    static void retries(DSLContext dsl, Channel<?> channel, int maxAttempts, Duration backoffBase,
                        Duration backoffMax) {
        dsl.select(function(name(channel.schema(), "pg_mq_alter_channel"), Object.class,
                        val(channel.name()), val(maxAttempts),
                        val(DayToSecond.valueOf(backoffBase)), val(DayToSecond.valueOf(backoffMax))))
                .fetch();
    }
}
