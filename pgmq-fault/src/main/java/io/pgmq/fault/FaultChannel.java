package io.pgmq.fault;

import io.pgmq.ByteaChannel;
import io.pgmq.JsonChannel;
import io.pgmq.JsonCodec;
import io.pgmq.Channel;
import io.pgmq.PayloadType;
import io.pgmq.TextChannel;
import io.pgmq.XmlChannel;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.function.LongFunction;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.XML;

/**
 * A channel of the suite with the codec that writes a message id into a payload of the channel's type and reads it
 * back: handlers record the id they read, so a payload that arrived damaged or for another message shows as lost.
 *
 * @param channel the pgmq channel
 * @param encode  the payload for an id
 * @param decode  the id in a payload; throws {@link IllegalArgumentException} if the payload holds none
 * @param <T>     the payload type
 */
record FaultChannel<T>(Channel<T> channel, LongFunction<T> encode, ToLongFunction<T> decode) {

    private static final String TEXT_PREFIX = "fault message ";
    private static final Pattern XML_ID = Pattern.compile("<fault id=\"(\\d+)\">");
    private static final Pattern JSON_ID = Pattern.compile("\\{\\s*\"id\"\\s*:\\s*(\\d+)\\s*}");

    /** A few bytes more than the id, so that a truncated payload does not decode. */
    private static final int BYTEA_LENGTH = 16;

    FaultChannel {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(encode, "encode");
        Objects.requireNonNull(decode, "decode");
    }

    /** A text channel: payload {@code "fault message <id>"}. */
    static FaultChannel<String> text(String name) {
        return new FaultChannel<>(TextChannel.of(name), id -> TEXT_PREFIX + id, FaultChannel::decodeText);
    }

    /** An xml channel: payload {@code <fault id="<id>"><body>…</body></fault>}. */
    static FaultChannel<XML> xml(String name) {
        return new FaultChannel<>(XmlChannel.of(name),
                id -> XML.valueOf("<fault id=\"" + id + "\"><body>message " + id + "</body></fault>"),
                FaultChannel::decodeXml);
    }

    /** A bytea channel: payload the id as 8 bytes big-endian, then its bitwise complement. */
    static FaultChannel<byte[]> bytea(String name) {
        return new FaultChannel<>(ByteaChannel.of(name),
                id -> ByteBuffer.allocate(BYTEA_LENGTH).putLong(id).putLong(~id).array(),
                FaultChannel::decodeBytea);
    }

    /** A json channel: payload {@code {"id": <id>}}, through a codec of its own (no Jackson needed). */
    static FaultChannel<Long> json(String name) {
        JsonCodec<Long> codec = new JsonCodec<>() {
            @Override
            public String encode(Long id) {
                return "{\"id\": " + id + "}";
            }

            @Override
            public Long decode(String json) {
                Matcher m = JSON_ID.matcher(json);
                if (!m.matches()) {
                    throw new IllegalArgumentException("json payload \"" + abbreviate(json) + "\" holds no fault id");
                }
                return Long.parseLong(m.group(1));
            }
        };
        return new FaultChannel<>(JsonChannel.of("public", name, codec), id -> id, id -> id);
    }

    /** A channel of type {@code type} named {@code name}, as a consumer JVM reopens the parent's. */
    static FaultChannel<?> of(PayloadType type, String name) {
        return switch (type) {
            case TEXT -> text(name);
            case XML -> xml(name);
            case BYTEA -> bytea(name);
            case JSONB -> json(name);
        };
    }

    /** The channel's name. */
    String name() {
        return channel.name();
    }

    /** The payload for message id {@code id}. */
    T payload(long id) {
        return encode.apply(id);
    }

    /** The message id a payload holds. */
    long id(T payload) {
        return decode.applyAsLong(payload);
    }

    private static long decodeText(String payload) {
        if (!payload.startsWith(TEXT_PREFIX)) {
            throw new IllegalArgumentException("text payload \"" + abbreviate(payload) + "\" holds no fault id");
        }
        return Long.parseLong(payload.substring(TEXT_PREFIX.length()));
    }

    private static long decodeXml(XML payload) {
        Matcher m = XML_ID.matcher(payload.data());
        if (!m.lookingAt()) {
            throw new IllegalArgumentException("xml payload \"" + abbreviate(payload.data()) + "\" holds no fault id");
        }
        return Long.parseLong(m.group(1));
    }

    private static long decodeBytea(byte[] payload) {
        ByteBuffer b = ByteBuffer.wrap(payload);
        if (payload.length != BYTEA_LENGTH || b.getLong(0) != ~b.getLong(Long.BYTES)) {
            throw new IllegalArgumentException("bytea payload of " + payload.length + " bytes holds no fault id");
        }
        return b.getLong(0);
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
