package io.pgmq.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbound gateway's one thread: subscribes to the queue, takes what arrived as a batch, stores it, and only then
 * acks it to the broker (or rejects what the channel refused). A lost broker connection drops what was not acked
 * (the broker delivers it again) and subscribes again; a failing database keeps the batch unacked and tries again.
 */
final class InboundLoop<T> implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(InboundLoop.class);
    private static final long MAX_BACKOFF_MILLIS = 5_000;

    private final AmqpLink link;
    private final String queue;
    private final String channelName;
    private final int prefetch;
    private final int batchSize;
    private final String deadLetterExchange;
    private final Storing<T> storing;
    private final BlockingQueue<Storing.Incoming> arrived = new LinkedBlockingQueue<>();
    private final CountDownLatch stopping = new CountDownLatch(1);
    final LongAdder received = new LongAdder();
    final LongAdder stored = new LongAdder();
    final LongAdder refused = new LongAdder();
    final LongAdder duplicates = new LongAdder();
    private com.rabbitmq.client.Channel amqp;  // this thread's only
    private volatile int generation;
    private List<Storing.Incoming> pending = new ArrayList<>();
    private long backoff;

    InboundLoop(AmqpLink link, String queue, String channelName, int prefetch, int batchSize,
                String deadLetterExchange, Storing<T> storing) {
        this.link = link;
        this.queue = queue;
        this.channelName = channelName;
        this.prefetch = prefetch;
        this.batchSize = batchSize;
        this.deadLetterExchange = deadLetterExchange;
        this.storing = storing;
    }

    void stop() {
        stopping.countDown();
    }

    @Override
    public void run() {
        try {
            while (stopping.getCount() > 0) {
                try {
                    turn();
                } catch (Storing.StoreFailed e) {
                    LOG.warn("{}", e.getMessage());
                    backOff();
                } catch (IOException | ShutdownSignalException | TimeoutException e) {
                    LOG.warn("queue \"{}\" to channel \"{}\": the broker connection failed ({}); messages not yet "
                            + "acked come again, and the gateway subscribes again", queue, channelName, e.toString());
                    dropSubscription();
                    backOff();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            dropSubscription();
        }
    }

    private void turn() throws IOException, TimeoutException, InterruptedException, Storing.StoreFailed {
        subscribe();
        if (pending.isEmpty()) {
            Storing.Incoming first = arrived.poll(200, TimeUnit.MILLISECONDS);
            if (first == null) {
                return;
            }
            pending.add(first);
            arrived.drainTo(pending, batchSize - 1);
        }
        int current = generation;
        pending.removeIf(in -> in.generation() != current);
        if (pending.isEmpty()) {
            return;
        }
        Storing.Outcome outcome = storing.store(pending);
        settle(outcome);
        duplicates.add(outcome.duplicates());
        pending = new ArrayList<>(outcome.unsettled());
        if (pending.isEmpty()) {
            backoff = 0;
        } else {
            backOff();
        }
    }

    private void settle(Storing.Outcome outcome) throws IOException, TimeoutException, InterruptedException {
        if (!outcome.refused().isEmpty()) {
            reject(outcome.refused());
        }
        List<Storing.Incoming> ok = outcome.stored();
        if (ok.isEmpty()) {
            return;
        }
        if (outcome.refused().isEmpty() && outcome.unsettled().isEmpty()) {
            long last = ok.stream().mapToLong(Storing.Incoming::deliveryTag).max().orElseThrow();
            amqp.basicAck(last, true);
        } else {
            for (Storing.Incoming in : ok) {
                amqp.basicAck(in.deliveryTag(), false);
            }
        }
        stored.add(ok.size());
    }

    private void reject(Map<Storing.Incoming, String> refusedHere)
            throws IOException, TimeoutException, InterruptedException {
        if (deadLetterExchange != null) {
            for (Map.Entry<Storing.Incoming, String> e : refusedHere.entrySet()) {
                Storing.Incoming in = e.getKey();
                Map<String, Object> headers = new HashMap<>();
                if (in.properties().getHeaders() != null) {
                    headers.putAll(in.properties().getHeaders());
                }
                headers.put("x-pgmq-refused-reason", e.getValue());
                headers.put("x-pgmq-channel", channelName);
                headers.put("x-pgmq-queue", queue);
                amqp.basicPublish(deadLetterExchange, in.routingKey(), false,
                        in.properties().builder().headers(headers).build(), in.body());
            }
            amqp.waitForConfirmsOrDie(10_000);
        }
        for (Map.Entry<Storing.Incoming, String> e : refusedHere.entrySet()) {
            Storing.Incoming in = e.getKey();
            if (deadLetterExchange != null) {
                amqp.basicAck(in.deliveryTag(), false);
            } else {
                amqp.basicReject(in.deliveryTag(), false);
            }
            refused.increment();
            LOG.warn("queue \"{}\" to channel \"{}\": message {} refused and {}: {}", queue, channelName,
                    in.properties().getMessageId() == null ? "#" + in.deliveryTag() : in.properties().getMessageId(),
                    deadLetterExchange != null ? "published to dead-letter exchange \"" + deadLetterExchange + "\""
                            : "rejected to the queue's dead-letter exchange", e.getValue());
        }
    }

    private void subscribe() throws IOException, InterruptedException {
        if (amqp != null && amqp.isOpen()) {
            return;
        }
        if (amqp != null) {
            LOG.warn("queue \"{}\" to channel \"{}\": the broker closed the channel ({}); messages not yet acked "
                    + "come again, and the gateway subscribes again", queue, channelName,
                    String.valueOf(amqp.getCloseReason()));
        }
        dropSubscription();
        com.rabbitmq.client.Channel channel = link.connection(System.nanoTime() + TimeUnit.SECONDS.toNanos(5))
                .createChannel();
        if (channel == null) {
            throw new IOException("the broker has no channel left on this connection (channel_max reached)");
        }
        int mine = ++generation;
        channel.basicQos(prefetch);
        if (deadLetterExchange != null) {
            channel.confirmSelect();
        }
        try {
            channel.basicConsume(queue, false, "pgmq-inbound-" + channelName, new DefaultConsumer(channel) {
                @Override
                public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties,
                                           byte[] body) {
                    received.increment();
                    arrived.add(new Storing.Incoming(envelope.getDeliveryTag(), mine, body, properties,
                            envelope.getRoutingKey()));
                }
            });
        } catch (IOException e) {
            throw new IOException("cannot consume queue \"" + queue + "\" (does it exist? declare it, with a "
                    + "dead-letter exchange for refused messages): " + e.getCause(), e);
        }
        amqp = channel;
    }

    private void dropSubscription() {
        com.rabbitmq.client.Channel channel = amqp;
        amqp = null;
        pending.clear();
        arrived.clear();
        if (channel != null && channel.isOpen()) {
            try {
                channel.close();  // what it delivered and we did not ack goes back to the queue
            } catch (IOException | TimeoutException | RuntimeException e) {
                LOG.debug("queue \"{}\": closing the channel failed ({})", queue, e.toString());
            }
        }
    }

    private void backOff() throws InterruptedException {
        backoff = backoff == 0 ? 100 : Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
        stopping.await(backoff, TimeUnit.MILLISECONDS);
    }
}
