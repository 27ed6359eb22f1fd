package io.pgmq.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.Return;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One in-flight batch's way to the broker: a confirm-mode AMQP channel of its own, mandatory publishing, and the
 * bookkeeping that turns the broker's confirms, nacks and returns into an outcome per message. Used by one handler
 * thread at a time; the broker's callbacks arrive on the client's threads, hence the lock.
 */
final class Publisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);

    /** A message ready to publish; {@code repeat} if it may have been published before (a later attempt). */
    record Outgoing(long msgId, String routingKey, AMQP.BasicProperties properties, byte[] body, boolean repeat) {
    }

    private final AmqpLink link;
    private final String exchange;
    private final OutboundCounters counters;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition settled = lock.newCondition();
    private final NavigableMap<Long, Long> unconfirmed = new TreeMap<>();  // seq -> msgId, guarded by lock
    private final Map<Long, String> refused = new HashMap<>();            // msgId -> reason, guarded by lock
    private volatile Channel amqp;

    Publisher(AmqpLink link, String exchange, OutboundCounters counters) {
        this.link = link;
        this.exchange = exchange;
        this.counters = counters;
    }

    /**
     * Publishes the batch and waits for the broker's word on each message: returns the messages it refused (nacked,
     * or returned unroutable), by msgId with the reason. Messages in flight when the connection closed are published
     * again, with the same message-id, on a new connection; waiting for one ends at {@code reconnectDeadlineNanos}.
     *
     * @throws IOException if the broker could not be reached again before the reconnect deadline
     */
    Map<Long, String> publish(List<Outgoing> batch, long confirmTimeoutNanos, long reconnectDeadlineNanos)
            throws IOException, InterruptedException {
        Map<Long, String> outcome = new HashMap<>();
        List<Outgoing> toSend = batch;
        boolean again = false;
        while (true) {
            Channel channel = channel(reconnectDeadlineNanos);
            Set<Long> unsettled;
            try {
                send(channel, toSend, again);
                unsettled = awaitConfirms(channel, System.nanoTime() + confirmTimeoutNanos);
            } catch (IOException | AlreadyClosedException e) {
                lock.lock();
                try {
                    unsettled = Set.copyOf(unconfirmed.values());
                } finally {
                    lock.unlock();
                }
                abandon();
            }
            lock.lock();
            try {
                outcome.putAll(refused);
            } finally {
                lock.unlock();
            }
            if (unsettled.isEmpty()) {
                return outcome;
            }
            if (channel.isOpen()) {  // the broker stayed silent: fail them, and never trust this channel's count again
                abandon();
                unsettled.forEach(id -> outcome.put(id, "the broker did not confirm it within "
                        + TimeUnit.NANOSECONDS.toMillis(confirmTimeoutNanos) + " ms"));
                return outcome;
            }
            LOG.warn("exchange \"{}\": the broker connection closed before it confirmed {} message(s); publishing "
                    + "them again, with the same message-ids, once it is back", exchange, unsettled.size());
            List<Outgoing> left = new ArrayList<>();
            for (Outgoing o : toSend) {
                if (unsettled.contains(o.msgId())) {
                    left.add(o);
                }
            }
            toSend = left;
            again = true;
        }
    }

    private void send(Channel channel, List<Outgoing> toSend, boolean again) throws IOException {
        // this thread is the channel's only publisher, so the batch's sequence numbers are known before it goes out
        long first = channel.getNextPublishSeqNo();
        lock.lock();
        try {
            unconfirmed.clear();
            refused.clear();
            for (int i = 0; i < toSend.size(); i++) {
                unconfirmed.put(first + i, toSend.get(i).msgId());
            }
        } finally {
            lock.unlock();
        }
        for (Outgoing o : toSend) {
            channel.basicPublish(exchange, o.routingKey(), true, o.properties(), o.body());
            counters.published(again || o.repeat());
        }
    }

    /** Waits until the broker settled every message or the channel closed or the deadline passed; returns the rest. */
    private Set<Long> awaitConfirms(Channel channel, long deadlineNanos) throws InterruptedException {
        lock.lock();
        try {
            while (!unconfirmed.isEmpty() && channel.isOpen()) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                settled.awaitNanos(Math.min(left, TimeUnit.SECONDS.toNanos(1)));
            }
            return Set.copyOf(unconfirmed.values());
        } finally {
            lock.unlock();
        }
    }

    private Channel channel(long reconnectDeadlineNanos) throws IOException, InterruptedException {
        if (amqp != null && amqp.isOpen()) {
            return amqp;
        }
        Channel channel = link.connection(reconnectDeadlineNanos).createChannel();
        if (channel == null) {
            throw new IOException("the broker has no channel left on this connection (channel_max reached)");
        }
        channel.confirmSelect();
        channel.addConfirmListener(new ConfirmListener() {
            @Override
            public void handleAck(long seq, boolean multiple) {
                settle(channel, seq, multiple, null);
            }

            @Override
            public void handleNack(long seq, boolean multiple) {
                settle(channel, seq, multiple, "the broker nacked it (basic.nack: it could not take it, e.g. a full "
                        + "queue with overflow reject-publish, or an internal error)");
            }
        });
        channel.addReturnListener(this::returned);
        channel.addShutdownListener(cause -> signal());
        amqp = channel;
        return channel;
    }

    private void settle(Channel from, long seq, boolean multiple, String nackReason) {
        lock.lock();
        try {
            if (from != amqp) {
                return;  // a late word from a channel given up
            }
            Map<Long, Long> done = multiple ? unconfirmed.headMap(seq, true) : unconfirmed.subMap(seq, true, seq, true);
            for (Long msgId : done.values()) {
                if (nackReason != null) {
                    refused.putIfAbsent(msgId, nackReason);
                    counters.nacked();
                } else if (!refused.containsKey(msgId)) {
                    counters.confirmed();
                }
            }
            done.clear();
            if (unconfirmed.isEmpty()) {  // the publisher waits for all of its batch: wake it once, not per confirm
                settled.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    private void returned(Return r) {
        Long msgId = MessageIds.msgId(r.getProperties().getMessageId());
        if (msgId == null) {
            return;
        }
        lock.lock();
        try {
            refused.put(msgId, "RabbitMQ returned it unroutable: " + r.getReplyCode() + " " + r.getReplyText()
                    + " (exchange \"" + r.getExchange() + "\", routing key \"" + r.getRoutingKey() + "\")");
            counters.returned();
        } finally {
            lock.unlock();
        }
    }

    private void signal() {
        lock.lock();
        try {
            settled.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void abandon() {
        Channel channel = amqp;
        lock.lock();
        try {
            amqp = null;
        } finally {
            lock.unlock();
        }
        if (channel != null && channel.isOpen()) {
            try {
                channel.close();
            } catch (IOException | TimeoutException | RuntimeException e) {
                // the channel is given up either way
            }
        }
    }

    @Override
    public void close() {
        abandon();
    }
}
