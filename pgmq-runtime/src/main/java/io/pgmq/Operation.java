package io.pgmq;

/** What a channel was asked to do, for error messages: the words that name it. */
enum Operation {
    SEND("send"),
    SEND_BATCH("sendBatch"),
    RECEIVE("receive"),
    CLAIM("claim"),
    ACK("ack"),
    NACK("nack"),
    EXTEND_LEASE("extend lease"),
    RELEASE("release"),
    CLAIM_LOCKED("claimLocked"),
    COMPLETE("complete"),
    FAIL("fail"),
    DEAD_LETTERS("deadLetters"),
    REDRIVE("redrive"),
    PURGE("purge"),
    NEXT_READY("read when the next message is ready");

    private final String words;

    Operation(String words) {
        this.words = words;
    }

    /** The operation as messages name it: {@code claim}, or {@code ack of message 42}. */
    String describe(long msgId) {
        return words + " of message " + msgId;
    }

    @Override
    public String toString() {
        return words;
    }
}
