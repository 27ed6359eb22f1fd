package io.pgmq.rabbitmq;

import io.pgmq.Channel;
import io.pgmq.JsonChannel;
import io.pgmq.PayloadType;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.jooq.XML;

/** A channel's payloads as AMQP bodies and back, and the content type each payload type travels as. */
final class Payloads {

    private Payloads() {
    }

    static String contentType(PayloadType type) {
        return switch (type) {
            case TEXT -> "text/plain; charset=utf-8";
            case XML -> "application/xml";
            case BYTEA -> "application/octet-stream";
            case JSONB -> "application/json";
        };
    }

    @SuppressWarnings("unchecked")  // only JsonChannel has payload type JSONB
    static <T> byte[] body(Channel<T> channel, T payload) {
        return switch (channel.payloadType()) {
            case TEXT -> ((String) payload).getBytes(StandardCharsets.UTF_8);
            case XML -> ((XML) payload).data().getBytes(StandardCharsets.UTF_8);
            case BYTEA -> (byte[]) payload;
            case JSONB -> ((JsonChannel<T>) channel).codec().encode(payload).getBytes(StandardCharsets.UTF_8);
        };
    }

    /**
     * The payload a body stands for on {@code channel}.
     *
     * @throws RefusedMessage if the body cannot be such a payload (text that is not UTF-8, JSON the codec cannot read)
     */
    @SuppressWarnings("unchecked")  // the channel's payload type fixes T
    static <T> T payload(Channel<T> channel, byte[] body) throws RefusedMessage {
        return switch (channel.payloadType()) {
            case TEXT -> (T) utf8(channel, body);
            case XML -> (T) XML.valueOf(utf8(channel, body));
            case BYTEA -> (T) body;
            case JSONB -> json((JsonChannel<T>) channel, utf8(channel, body));
        };
    }

    private static <T> T json(JsonChannel<T> channel, String json) throws RefusedMessage {
        try {
            return channel.codec().decode(json);
        } catch (RuntimeException e) {
            throw new RefusedMessage("the body is not a message of json channel \"" + channel.name() + "\" ("
                    + e.getMessage() + ")");
        }
    }

    private static String utf8(Channel<?> channel, byte[] body) throws RefusedMessage {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new RefusedMessage("the body is not UTF-8 text, which " + channel.payloadType().sqlName()
                    + " channel \"" + channel.name() + "\" stores (" + e + ")");
        }
    }

    /** A message that its channel cannot store, with the reason the broker's dead letters get. */
    static final class RefusedMessage extends Exception {

        private static final long serialVersionUID = 1L;

        RefusedMessage(String reason) {
            super(reason, null, false, false);
        }
    }
}
