package io.pgmq.example;

import io.pgmq.example.channels.Channels;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code stats}: prints a table of the channels. */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Prints each channel's ready, waiting (retry or delayed), leased and dead messages, and the age"
                + " of the oldest one not yet done.")
final class StatsCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (ShopDatabase db = connection.open(out)) {
            out.print(ChannelStats.format(ChannelStats.of(db.dsl(), Channels.ORDER_EMAILS.schema())));
        }
        return ShopCli.OK;
    }
}
