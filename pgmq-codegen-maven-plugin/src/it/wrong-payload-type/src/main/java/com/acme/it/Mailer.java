package com.acme.it;

import com.acme.it.channels.Channels;
import org.jooq.DSLContext;

public final class Mailer {

    public long send(DSLContext tx) {
        return Channels.ORDER_EMAILS.send(tx, new byte[] {1});
    }
}
