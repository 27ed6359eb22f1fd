package io.pgmq.example;

import io.pgmq.example.channels.Channels;
import io.pgmq.example.channels.InvoicesChannel;
import io.pgmq.example.channels.OrderEmailsChannel;
import io.pgmq.example.channels.ThumbnailsChannel;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.jooq.XML;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code send}: sends one message to a channel. */
@Command(name = "send", mixinStandardHelpOptions = true,
        description = "Sends one message: text to order_emails, an XML document to invoices, bytes (the UTF-8 of"
                + " PAYLOAD) to thumbnails.")
final class SendCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "CHANNEL", description = "order_emails, invoices or thumbnails")
    String channel;

    @Parameters(index = "1", paramLabel = "PAYLOAD", description = "The message.")
    String payload;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ConsumeCommand.requireChannel(channel);
        try (ShopDatabase db = connection.open(out)) {
            long id = switch (channel) {
                case OrderEmailsChannel.NAME -> Channels.ORDER_EMAILS.send(db.dsl(), payload);
                case InvoicesChannel.NAME -> Channels.INVOICES.send(db.dsl(), XML.xml(payload));
                case ThumbnailsChannel.NAME ->
                        Channels.THUMBNAILS.send(db.dsl(), payload.getBytes(StandardCharsets.UTF_8));
                default -> throw new AssertionError(channel);
            };
            out.println("sent message #" + id + " to " + channel);
        }
        return ShopCli.OK;
    }
}
