package io.pgmq.rabbitmq;

/** The AMQP message-id of a pgmq message, {@code <channel>:<msg_id>}: the same on every publish of one message. */
final class MessageIds {

    private MessageIds() {
    }

    static String of(String channel, long msgId) {
        return channel + ":" + msgId;
    }

    /** The msg_id in a message-id this gateway wrote, or null for any other. */
    static Long msgId(String messageId) {
        if (messageId == null) {
            return null;
        }
        int colon = messageId.lastIndexOf(':');
        try {
            return Long.parseLong(messageId.substring(colon + 1));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
