package io.pgmq.codegen.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code rabbitmq} block: what it takes, and each mistake reported at its token with the fix, all at once. */
class GatewayManifestTest {

    private static ManifestException problems(String yaml) {
        ManifestException e = catchThrowableOfType(ManifestException.class,
                () -> ManifestParser.parse("channels.yaml", yaml));
        assertThat(e).as("expected the manifest to be rejected").isNotNull();
        return e;
    }

    private static ChannelSpec channel(ChannelManifest manifest, String name) {
        return manifest.channels().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void outboundAndInboundGateways_areRead() {
        ChannelManifest manifest = ManifestParser.parse("channels.yaml", """
                package: com.acme
                channels:
                  emails: { type: text, rabbitmq: { direction: outbound, exchange: shop.events, routing_key: a.b } }
                  payments: { type: text, rabbitmq: { direction: inbound, queue: payments.in, batch: 20 } }
                  fanout: { type: bytea, rabbitmq: { direction: outbound, exchange: "" } }
                """);
        ChannelSpec emails = channel(manifest, "emails");
        assertThat(emails.get(ChannelSettings.RABBITMQ_DIRECTION)).contains(GatewayDirection.OUTBOUND);
        assertThat(emails.get(ChannelSettings.RABBITMQ_EXCHANGE)).contains("shop.events");
        assertThat(emails.get(ChannelSettings.RABBITMQ_ROUTING_KEY)).contains("a.b");
        ChannelSpec payments = channel(manifest, "payments");
        assertThat(payments.get(ChannelSettings.RABBITMQ_QUEUE)).contains("payments.in");
        assertThat(payments.get(ChannelSettings.RABBITMQ_BATCH)).contains(20);
        assertThat(channel(manifest, "fanout").get(ChannelSettings.RABBITMQ_EXCHANGE)).contains("");
    }

    @Test
    void everyGatewayMistake_isReportedAtItsTokenWithTheFix() {
        ManifestException e = problems("""
                package: com.acme
                channels:
                  a: { type: text, rabbitmq: { exchange: x } }
                  b: { type: text, rabbitmq: { direction: outbound } }
                  c: { type: text, rabbitmq: { direction: inbound, queue: q, exchange: x, routing_key: k } }
                  d: { type: text, rabbitmq: { direction: sideways, queue: q } }
                  e: { type: text, rabbitmq: { direction: inbound, queue: "bad name!", batch: 0 } }
                  f: { type: text, rabbitmq: { direction: outbound, exchange: x, queue: q } }
                """);
        assertThat(e.problems()).extracting(ManifestProblem::message).containsExactly(
                "channels.yaml:3:20: the rabbitmq gateway of channel \"a\" has no direction — add direction: outbound"
                        + " (with exchange:) or direction: inbound (with queue:)",
                "channels.yaml:4:43: the outbound rabbitmq gateway of channel \"b\" names no exchange — add exchange:"
                        + " <the exchange to publish to>, e.g. exchange: shop.events (\"\" for the default exchange)",
                "channels.yaml:5:62: exchange does not apply to the inbound rabbitmq gateway of channel \"c\" — remove"
                        + " it; an inbound gateway consumes queue:",
                "channels.yaml:5:75: routing_key does not apply to the inbound rabbitmq gateway of channel \"c\" —"
                        + " remove it; an inbound gateway consumes queue:",
                "channels.yaml:6:43: rabbitmq.direction \"sideways\" is unknown — use outbound or inbound",
                "channels.yaml:7:59: rabbitmq.queue \"bad name!\" is not a RabbitMQ name: letters, digits and - _ . :,"
                        + " at most 255 bytes — write e.g. shop.events",
                "channels.yaml:7:79: rabbitmq.batch must be an integer 1..1000, was 0 — write e.g. batch: 100",
                "channels.yaml:8:66: queue does not apply to the outbound rabbitmq gateway of channel \"f\" — remove"
                        + " it; an outbound gateway publishes to exchange:");
    }

    @Test
    void theJsonSchema_refusesWhatTheReaderRefuses_andAcceptsWhatItAccepts() {
        for (String bad : List.of("{ exchange: x }", "{ direction: outbound }", "{ direction: inbound }",
                "{ direction: inbound, queue: q, exchange: x }", "{ direction: outbound, exchange: x, queue: q }",
                "{ direction: inbound, queue: q, routing_key: k }")) {
            String yaml = "package: a.b\nchannels:\n  x: { type: text, rabbitmq: " + bad + " }\n";
            assertThat(ManifestParser.read("channels.yaml", yaml).problems()).as(bad).isNotEmpty();
            assertThat(SchemaValidator.errors(yaml)).as(bad).isNotEmpty();
        }
        for (String good : List.of("{ direction: outbound, exchange: x }", "{ direction: inbound, queue: q }",
                "{ direction: outbound, exchange: \"\", routing_key: k, batch: 5 }")) {
            String yaml = "package: a.b\nchannels:\n  x: { type: text, rabbitmq: " + good + " }\n";
            assertThat(ManifestParser.read("channels.yaml", yaml).problems()).as(good).isEmpty();
            assertThat(SchemaValidator.errors(yaml)).as(good).isEmpty();
        }
    }
}
