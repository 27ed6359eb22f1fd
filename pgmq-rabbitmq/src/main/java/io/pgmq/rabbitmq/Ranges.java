package io.pgmq.rabbitmq;

import java.time.Duration;

/** The gateways' setting checks, worded like the consumer's. */
final class Ranges {

    private Ranges() {
    }

    static void check(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be " + min + ".." + max + ", was " + value);
        }
    }

    static void atLeast(String name, Duration value, Duration min) {
        if (value.compareTo(min) < 0) {
            throw new IllegalArgumentException(name + " must be at least " + min + ", was " + value);
        }
    }
}
