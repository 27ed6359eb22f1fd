package io.pgmq;

/**
 * A payload its codec cannot read: thrown by {@link PayloadCodec#read}, caught by the statement that received the
 * message, which makes it a dead letter ({@link PoisonMessages}) instead of handing it out. Never leaves the runtime.
 */
final class Undecodable extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param reason the decoding error, naming the field where the codec says so */
    Undecodable(String reason, Throwable cause) {
        super(reason, cause, false, false);
    }
}
