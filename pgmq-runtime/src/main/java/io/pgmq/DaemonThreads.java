package io.pgmq;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Names a consumer's threads so operators can tell them apart ({@code pgmq-claim-order_emails},
 * {@code pgmq-handler-order_emails-3}); all are daemons, so a consumer never keeps a JVM alive.
 */
final class DaemonThreads implements ThreadFactory {

    private final String name;
    private final boolean numbered;
    private final AtomicInteger count = new AtomicInteger();

    private DaemonThreads(String name, boolean numbered) {
        this.name = name;
        this.numbered = numbered;
    }

    /** Threads all named {@code name}. */
    static DaemonThreads named(String name) {
        return new DaemonThreads(name, false);
    }

    /** Threads named {@code prefix-1}, {@code prefix-2}, .... */
    static DaemonThreads numbered(String prefix) {
        return new DaemonThreads(prefix, true);
    }

    @Override
    public Thread newThread(Runnable runnable) {
        Thread thread = new Thread(runnable, numbered ? name + "-" + count.incrementAndGet() : name);
        thread.setDaemon(true);
        return thread;
    }
}
