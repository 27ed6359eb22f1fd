package io.pgmq;

/** Test stand-in for pgmq-runtime's TextChannel: the constructor and send signature only. */
public class TextChannel {
    protected TextChannel(String schema, String channelName) {
    }

    public long send(org.jooq.DSLContext tx, String payload) {
        return 0L;
    }
}
