package io.pgmq;

/** Test stand-in for pgmq-runtime's ByteaChannel: the constructor and send signature only. */
public class ByteaChannel {
    protected ByteaChannel(String schema, String channelName) {
    }

    public long send(org.jooq.DSLContext tx, byte[] payload) {
        return 0L;
    }
}
