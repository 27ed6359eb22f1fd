package io.pgmq.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method as the handler of a channel: the starter runs a {@link io.pgmq.Consumer} for it from the
 * moment the application context is ready until it shuts down.
 *
 * <p>The method takes one parameter and returns {@code void}:
 * <ul>
 *   <li>the payload ({@code String} for a text channel, {@code org.jooq.XML} for xml, {@code byte[]} for bytea), or
 *       {@link io.pgmq.Delivery Delivery&lt;T&gt;} for its id, attempt and last error: one message per call;</li>
 *   <li>a {@code List} of either: a batch of up to {@link #batchSize()} messages per call, acked or nacked
 *       together;</li>
 *   <li>with {@link #transactional()}: the payload or {@link io.pgmq.LockedDelivery LockedDelivery&lt;T&gt;}, one
 *       message per call, inside a Spring-managed transaction.</li>
 * </ul>
 * Returning acks (or completes) the message; throwing nacks (or fails) it under the channel's retry policy, and its
 * last attempt makes it a dead letter. A method the starter cannot serve fails startup with a message that names it.
 *
 * <p>Every setting here can be overridden per channel with {@code pgmq.consumers.<channel>.*} properties; a property
 * wins over the attribute, and an attribute left at its default takes the consumer's default.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface PgmqListener {

    /**
     * The channel: its name ({@code order_emails}) or the name of its constant in a generated {@code Channels} class
     * ({@code ORDER_EMAILS}).
     */
    String value();

    /** How many handlers run at once, 1..1000; 0 takes the default (4). */
    int concurrency() default 0;

    /** The most messages one claim takes (and one batch holds), 1..1000; 0 takes the default (10). */
    int batchSize() default 0;

    /** How long a claim hides a message, such as {@code 30s} or {@code PT1M}; empty takes the default (30 s). */
    String lease() default "";

    /** How often to claim without a notification, such as {@code 5s}; empty takes the default (5 s). */
    String pollInterval() default "";

    /** Polls only, without a LISTEN connection (PgBouncer in transaction mode). */
    boolean pollOnly() default false;

    /**
     * Runs the method in a Spring-managed transaction holding a locked claim of its message: what the method writes
     * through {@code JdbcTemplate}, jOOQ or JPA on the application's data source commits together with the
     * message's completion, and rolls back with it when the method throws. For short work in the same database; the
     * lease does not apply. Do not annotate the method {@code @Transactional} as well: an exception would mark the
     * whole round rollback-only.
     */
    boolean transactional() default false;
}
