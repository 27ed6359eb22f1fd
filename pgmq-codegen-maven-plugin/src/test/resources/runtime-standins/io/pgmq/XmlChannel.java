package io.pgmq;

/** Test stand-in for pgmq-runtime's XmlChannel: the constructor and send signature only. */
public class XmlChannel {
    protected XmlChannel(String schema, String channelName) {
    }

    public long send(org.jooq.DSLContext tx, org.jooq.XML payload) {
        return 0L;
    }
}
