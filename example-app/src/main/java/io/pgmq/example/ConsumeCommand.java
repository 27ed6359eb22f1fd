package io.pgmq.example;

import io.pgmq.Channel;
import io.pgmq.Delivery;
import io.pgmq.example.channels.Channels;
import io.pgmq.example.channels.InvoicesChannel;
import io.pgmq.example.channels.OrderEmailsChannel;
import io.pgmq.example.channels.ThumbnailsChannel;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code consume}: claims the ready messages of a channel, prints and acks them. */
@Command(name = "consume", mixinStandardHelpOptions = true,
        description = "Claims up to --max ready messages of a channel, prints each and acks it.")
final class ConsumeCommand implements Callable<Integer> {

    static final List<String> CHANNELS = List.of(InvoicesChannel.NAME, OrderEmailsChannel.NAME, ThumbnailsChannel.NAME);

    @Mixin
    ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "CHANNEL", description = "order_emails, invoices or thumbnails")
    String channel;

    @Option(names = "--max", paramLabel = "N", defaultValue = "100",
            description = "At most this many messages, 1..1000 (default: ${DEFAULT-VALUE}).")
    int max;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        requireChannel(channel);
        if (max < 1 || max > Channel.MAX_BATCH) {
            throw new UsageException("--max must be 1.." + Channel.MAX_BATCH + ", was " + max);
        }
        try (ShopDatabase db = connection.open(out)) {
            int count = switch (channel) {
                case OrderEmailsChannel.NAME -> consume(db, Channels.ORDER_EMAILS, text -> text, out);
                case InvoicesChannel.NAME -> consume(db, Channels.INVOICES, xml -> xml.data(), out);
                case ThumbnailsChannel.NAME -> consume(db, Channels.THUMBNAILS, bytes -> bytes.length + " bytes", out);
                default -> throw new AssertionError(channel);
            };
            out.println(count == 0 ? channel + ": no message ready" : channel + ": consumed " + count + " message(s)");
        }
        return ShopCli.OK;
    }

    private <T> int consume(ShopDatabase db, Channel<T> channel, Function<T, String> show, PrintWriter out) {
        List<Delivery<T>> deliveries = channel.claim(db.dsl(), max, Worker.LEASE);
        for (Delivery<T> delivery : deliveries) {
            out.println("#" + delivery.msgId() + " (attempt " + delivery.attempt() + "): "
                    + show.apply(delivery.payload()).replace("\n", " | "));
        }
        channel.ack(db.dsl(), deliveries);
        return deliveries.size();
    }

    static void requireChannel(String channel) {
        if (!CHANNELS.contains(channel)) {
            throw new UsageException("unknown channel \"" + channel + "\": expected one of " + CHANNELS);
        }
    }
}
