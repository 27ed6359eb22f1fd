/**
 * Binds pgmq's numbers to Micrometer: {@link io.pgmq.micrometer.PgmqMetrics}. Micrometer is an optional dependency
 * of pgmq-runtime; only this package names it, so add {@code micrometer-core} to use it and everything else works
 * without.
 */
package io.pgmq.micrometer;
