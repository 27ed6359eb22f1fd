package io.pgmq;

/**
 * What a channel was asked to do, for error messages: the words that name it, and the grant a role needs for it, so
 * that a refused privilege ({@code 42501}) names the fix that applies.
 */
enum Operation {
    SEND("send", Grant.SEND),
    SEND_BATCH("sendBatch", Grant.SEND),
    RECEIVE("receive", Grant.RECEIVE),
    CLAIM("claim", Grant.RECEIVE),
    ACK("ack", Grant.RECEIVE),
    NACK("nack", Grant.RECEIVE),
    EXTEND_LEASE("extend lease", Grant.RECEIVE),
    RELEASE("release", Grant.RECEIVE),
    CLAIM_LOCKED("claimLocked", Grant.RECEIVE),
    COMPLETE("complete", Grant.RECEIVE),
    FAIL("fail", Grant.RECEIVE),
    DEAD_LETTERS("deadLetters", Grant.RECEIVE),
    REDRIVE("redrive", Grant.RECEIVE),
    PURGE("purge", Grant.PURGE),
    NEXT_READY("read when the next message is ready", Grant.RECEIVE);

    private final String words;
    private final Grant grant;

    Operation(String words, Grant grant) {
        this.words = words;
        this.grant = grant;
    }

    /** The operation as messages name it: {@code claim}, or {@code ack of message 42}. */
    String describe(long msgId) {
        return words + " of message " + msgId;
    }

    @Override
    public String toString() {
        return words;
    }

    /** How to give a role the right this operation needs on {@code channel}. */
    String grantHint(String channel) {
        return grant.hint(channel);
    }

    /** The grant helpers of pgmq-schema, by the rights they give. */
    private enum Grant {
        SEND("grant the role the send right: SELECT pg_mq_grant_send('%s', '<role>')"),
        RECEIVE("grant the role the receive right: SELECT pg_mq_grant_receive('%s', '<role>')"),
        PURGE("grant the role the receive right: SELECT pg_mq_grant_receive('%s', '<role>'), which includes"
                + " purging from pgmq-schema V10 on (before V10, GRANT EXECUTE ON FUNCTION pg_mq_purge)");

        private final String hint;

        Grant(String hint) {
            this.hint = hint;
        }

        String hint(String channel) {
            return String.format(hint, channel);
        }
    }
}
