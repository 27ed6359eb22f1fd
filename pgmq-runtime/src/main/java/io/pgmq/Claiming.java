package io.pgmq;

/**
 * The claim side of a running consumer, by its {@link Handling}: {@code LeaseClaims} or {@code LockedRounds}. Its
 * {@link #run} is the claim thread's loop; the other methods are the steps of the consumer's close() that differ
 * between the two.
 */
interface Claiming extends Runnable {

    /** How the consumer's start line describes it: {@code lease PT30S}, or {@code locked claims in transactions}. */
    String describe();

    /** Starts the threads of its own, if any. */
    void start();

    /** After the claim thread stopped: gives back what was claimed and not handed to a handler yet. */
    void stopClaiming();

    /** What becomes of the messages of handlers that close() interrupts past its deadline, for its warning. */
    String afterInterrupt();

    /**
     * After the handlers stopped: finishes what they left (acks), within {@code deadlineNanos}.
     *
     * @throws InterruptedException if the closing thread is interrupted while it waits
     */
    void finish(long deadlineNanos) throws InterruptedException;

    /** The last step of close(), whatever happened before: nothing of it may keep running or stay claimed. */
    void abandon();
}
