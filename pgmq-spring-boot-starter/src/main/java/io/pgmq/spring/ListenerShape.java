package io.pgmq.spring;

import io.pgmq.Consumer;
import io.pgmq.Delivery;
import io.pgmq.LockedDelivery;
import io.pgmq.TransactionRunner;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;

/**
 * What a {@link PgmqListener} method's parameter asks for, read from its signature: the kind of argument and, when
 * the signature names it, the payload type. Immutable.
 *
 * @param kind    the kind of argument
 * @param payload the payload type the method expects, or null when its generic type is not given
 */
record ListenerShape(Kind kind, Class<?> payload) {

    /** The kinds of argument a listener may take; each attaches its own handler to a consumer. */
    enum Kind {
        /** {@code void on(T payload)}. */
        PAYLOAD,
        /** {@code void on(Delivery<T> delivery)}. */
        DELIVERY,
        /** {@code void on(LockedDelivery<T> delivery)}, transactional only. */
        LOCKED_DELIVERY,
        /** {@code void on(List<T> payloads)}. */
        PAYLOAD_LIST,
        /** {@code void on(List<Delivery<T>> deliveries)}. */
        DELIVERY_LIST;

        /** Whether a transactional listener may take this kind. */
        boolean servesTransactional() {
            return this == PAYLOAD || this == LOCKED_DELIVERY;
        }
    }

    /**
     * Reads the shape of {@code method}.
     *
     * @throws IllegalArgumentException saying what is wrong with the signature, when no consumer can serve it
     */
    static ListenerShape of(Method method) {
        if (method.getParameterCount() != 1) {
            throw new IllegalArgumentException("takes " + method.getParameterCount() + " parameters; a listener"
                    + " takes one: the payload, Delivery<T>, or a List of either for batches");
        }
        if (method.getReturnType() != void.class) {
            throw new IllegalArgumentException("returns " + method.getReturnType().getSimpleName()
                    + "; a listener returns void (returning acks the message, throwing nacks it)");
        }
        ResolvableType type = ResolvableType.forMethodParameter(new MethodParameter(method, 0));
        Class<?> raw = type.toClass();
        if (raw == Delivery.class) {
            return new ListenerShape(Kind.DELIVERY, type.getGeneric(0).resolve());
        }
        if (raw == LockedDelivery.class) {
            return new ListenerShape(Kind.LOCKED_DELIVERY, type.getGeneric(0).resolve());
        }
        if (raw == List.class) {
            ResolvableType element = type.getGeneric(0);
            Class<?> elementClass = element.resolve();
            if (elementClass == null) {
                throw new IllegalArgumentException("takes a List without its element type; write List<String>,"
                        + " List<Delivery<String>> or the channel's payload type");
            }
            if (elementClass == Delivery.class) {
                return new ListenerShape(Kind.DELIVERY_LIST, element.getGeneric(0).resolve());
            }
            if (elementClass == LockedDelivery.class) {
                throw new IllegalArgumentException("takes List<LockedDelivery>; a transactional listener handles one"
                        + " message per call: take LockedDelivery<T> or the payload");
            }
            return new ListenerShape(Kind.PAYLOAD_LIST, elementClass);
        }
        if (raw.isPrimitive()) {
            throw new IllegalArgumentException("takes the primitive " + raw.getName()
                    + "; take the channel's payload type");
        }
        return new ListenerShape(Kind.PAYLOAD, raw);
    }

    /** {@code Delivery<String>}, {@code List<byte[]>}: the parameter as a message shows it. */
    String describe() {
        String p = payload == null ? "?" : payload.getSimpleName();
        return switch (kind) {
            case PAYLOAD -> p;
            case DELIVERY -> "Delivery<" + p + ">";
            case LOCKED_DELIVERY -> "LockedDelivery<" + p + ">";
            case PAYLOAD_LIST -> "List<" + p + ">";
            case DELIVERY_LIST -> "List<Delivery<" + p + ">>";
        };
    }

    /**
     * Sets the handler that calls {@code method} on {@code builder}: per message, per batch, or in the runner's
     * transactions.
     */
    <T> void attach(Consumer.Builder<T> builder, ListenerMethods.ListenerMethod method, boolean transactional,
                    TransactionRunner transactions) {
        if (transactional) {
            builder.transactionRunner(transactions);
            if (kind == Kind.LOCKED_DELIVERY) {
                builder.transactionalHandler((tx, d) -> invoke(method, d));
            } else {
                builder.transactionalHandler((tx, d) -> invoke(method, d.payload()));
            }
            return;
        }
        switch (kind) {
            case PAYLOAD -> builder.handler(d -> invoke(method, d.payload()));
            case DELIVERY -> builder.handler(d -> invoke(method, d));
            case PAYLOAD_LIST -> builder.batchHandler(ds -> invoke(method, ds.stream().map(Delivery::payload)
                    .toList()));
            case DELIVERY_LIST -> builder.batchHandler(ds -> invoke(method, ds));
            case LOCKED_DELIVERY -> throw new IllegalStateException("checked before: LockedDelivery needs"
                    + " transactional");
        }
    }

    /** Calls the listener; what it throws comes out as itself, for the consumer to nack or fail with its text. */
    private static void invoke(ListenerMethods.ListenerMethod method, Object argument) throws Exception {
        try {
            method.invocable().invoke(method.bean(), argument);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception exception) {
                throw exception;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }
}
