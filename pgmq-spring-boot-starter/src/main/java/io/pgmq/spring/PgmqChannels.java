package io.pgmq.spring;

import io.pgmq.ByteaChannel;
import io.pgmq.Channel;
import io.pgmq.JsonChannel;
import io.pgmq.TextChannel;
import io.pgmq.XmlChannel;
import java.lang.reflect.ParameterizedType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jooq.XML;

/**
 * The channels an application uses: its {@link Channel} beans (among them the constants of generated
 * {@code Channels} classes) and the channels its {@link PgmqListener}s name that are no bean. The health indicator,
 * the {@code pgmq} endpoint and the metrics report these. Thread-safe.
 */
public final class PgmqChannels {

    private final String schema;
    private final Map<String, Channel<?>> byName = new TreeMap<>();

    /** Creates the set from the application's channel beans; {@code schema} opens channels named only. */
    PgmqChannels(String schema, Collection<? extends Channel<?>> beans) {
        this.schema = schema;
        for (Channel<?> channel : beans) {
            byName.putIfAbsent(channel.name(), channel);
        }
    }

    /** Returns every channel the application uses, ordered by name. */
    public synchronized List<Channel<?>> all() {
        return List.copyOf(byName.values());
    }

    /**
     * Finds the channel a listener names: a channel's name ({@code order_emails}) or its generated constant's
     * ({@code ORDER_EMAILS}).
     */
    synchronized Optional<Channel<?>> find(String nameOrConstant) {
        Channel<?> named = byName.get(nameOrConstant);
        if (named != null) {
            return Optional.of(named);
        }
        // the code generator's rule: constant = channel name in upper case
        return byName.values().stream()
                .filter(c -> c.name().toUpperCase(Locale.ROOT).equals(nameOrConstant))
                .findFirst();
    }

    /**
     * Opens the channel {@code name}, which no bean holds, with the channel class of {@code payload}, and adds it.
     *
     * @throws IllegalArgumentException if the name is no channel name, or the payload type no channel's
     */
    synchronized Channel<?> open(String name, Class<?> payload) {
        Channel<?> channel;
        if (payload == String.class) {
            channel = TextChannel.of(schema, name);
        } else if (payload == XML.class) {
            channel = XmlChannel.of(schema, name);
        } else if (payload == byte[].class) {
            channel = ByteaChannel.of(schema, name);
        } else if (payload != null && payload != Object.class) {
            channel = JsonChannel.of(schema, name, payload);  // a json channel's message, bound by Jackson
        } else {
            throw new IllegalArgumentException("names channel \"" + name + "\", which is no bean, and takes "
                    + (payload == null ? "no payload type" : payload.getSimpleName())
                    + ", so its payload type is unknown; take String, XML, byte[] or a json channel's message"
                    + " class, or make the channel a bean (generated Channels classes are found in the application's"
                    + " packages or by pgmq.channel-classes)");
        }
        byName.put(name, channel);
        return channel;
    }

    /**
     * The Java type a channel's payloads are read as: by payload type, and for a json channel its message class (a
     * generated {@code JsonChannel<OrderPlaced>} subclass says it; a channel opened with {@code JsonChannel.of}
     * reads as Object, and its codec decides).
     */
    static Class<?> javaType(Channel<?> channel) {
        return switch (channel.payloadType()) {
            case TEXT -> String.class;
            case XML -> XML.class;
            case BYTEA -> byte[].class;
            case JSONB -> messageClass(channel.getClass());
        };
    }

    private static Class<?> messageClass(Class<?> channelClass) {
        for (Class<?> c = channelClass; c != null && c != JsonChannel.class; c = c.getSuperclass()) {
            if (c.getGenericSuperclass() instanceof ParameterizedType p && p.getRawType() == JsonChannel.class
                    && p.getActualTypeArguments()[0] instanceof Class<?> message) {
                return message;
            }
        }
        return Object.class;
    }

    /** The channels' names by schema, for per-schema queries. */
    synchronized Map<String, List<Channel<?>>> bySchema() {
        Map<String, List<Channel<?>>> schemas = new TreeMap<>();
        for (Channel<?> channel : byName.values()) {
            schemas.computeIfAbsent(channel.schema(), s -> new ArrayList<>()).add(channel);
        }
        return schemas;
    }
}
