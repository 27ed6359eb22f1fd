package io.pgmq.codegen.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmq.codegen.Golden;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The manifest's messages and json channels: what is read, and each mistake at its line and column. */
class MessageManifestTest {

    private static List<String> problems(String yaml) {
        return ManifestParser.read("channels.yaml", yaml).problems().stream().map(ManifestProblem::message).toList();
    }

    @Test
    void ordersManifest_readsMessagesFieldsAndJsonChannels() throws IOException {
        ChannelManifest manifest = ManifestParser.parse(Golden.manifest("orders.yaml"));

        MessageSpec placed = manifest.message("OrderPlaced").orElseThrow();
        assertThat(placed.description()).contains("An order was committed.");
        assertThat(placed.fields()).extracting(FieldSpec::name).containsExactly("order_id", "email", "total",
                "placed_at", "lines", "status", "coupon", "delivery_date", "tags", "class");
        assertThat(placed.fields()).extracting(FieldSpec::javaName).containsExactly("orderId", "email", "total",
                "placedAt", "lines", "status", "coupon", "deliveryDate", "tags", "class_");
        assertThat(placed.field("lines").orElseThrow().type())
                .isEqualTo(new FieldType.ListOf(new FieldType.MessageRef("OrderLine")));
        assertThat(placed.field("status").orElseThrow().type())
                .isEqualTo(new FieldType.EnumOf(List.of("NEW", "PAID"), true));
        assertThat(placed.field("coupon").orElseThrow().optional()).isTrue();
        assertThat(manifest.channel("order_placed").orElseThrow().get(ChannelSettings.MESSAGE)).contains("OrderPlaced");
        assertThat(manifest.channel("legacy_events").orElseThrow().get(ChannelSettings.CLASS))
                .contains("com.acme.events.LegacyEvent");
    }

    @Test
    void contract_namesJsonTypesAndRequiredFields_sortedByField() throws IOException {
        MessageSpec line = ManifestParser.parse(Golden.manifest("orders.yaml")).message("OrderLine").orElseThrow();

        assertThat(line.shape().contract("OrderLine")).isEqualTo("{\"message\":\"OrderLine\",\"fields\":{"
                + "\"gift\":{\"type\":\"boolean\",\"required\":false},\"id\":{\"type\":\"string\",\"required\":true},"
                + "\"kind\":{\"type\":\"string\",\"required\":true},\"price\":{\"type\":\"number\",\"required\":true},"
                + "\"quantity\":{\"type\":\"number\",\"required\":true},\"sku\":{\"type\":\"string\",\"required\":true}}}");
    }

    @Test
    void unknownTypeAndUnknownMessage_areReportedAtTheType() {
        assertThat(problems("""
                package: a.b
                messages:
                  OrderPlaced:
                    fields:
                      email: strng
                      lines: list<OrderLne>
                  OrderLine:
                    fields: { sku: string }
                channels:
                  orders: { type: json, message: OrderPlaced }
                  lines: { type: json, message: OrderLine }
                """)).containsExactly(
                "channels.yaml:5:14: field \"email\" of message \"OrderPlaced\": type \"strng\" is unknown \u2014 did"
                        + " you mean \"string\"? Types are string, boolean, int, long, double, decimal, uuid, instant,"
                        + " date, list<T>, map<T>, { enum: [A, B] } and the name of a message (UpperCamel)",
                "channels.yaml:6:14: field \"lines\" of message \"OrderPlaced\" has type OrderLne, which is no"
                        + " built-in type and no declared message \u2014 did you mean OrderLine? declare it under"
                        + " messages, e.g. messages: { OrderLne: { fields: { ... } } }; declared: OrderLine, OrderPlaced");
    }

    @Test
    void cycle_isReportedAtTheFieldClosingIt() {
        assertThat(problems("""
                package: a.b
                messages:
                  A: { fields: { b: B } }
                  B: { fields: { a: { type: list<A>, optional: true } } }
                channels:
                  x: { type: json, message: A }
                """)).containsExactly("channels.yaml:4:29: message \"A\" contains itself: A.b \u2192 B.a \u2192 A; a"
                + " message must be finite for its record, codec and schema \u2014 break the cycle, e.g. refer to the"
                + " other message by its id (a string or long field) instead");
    }

    @Test
    void unusedMessage_isReportedAtItsName() {
        assertThat(problems("""
                package: a.b
                messages:
                  A: { fields: { id: long } }
                  Spare: { fields: { id: long } }
                channels:
                  x: { type: json, message: A }
                """)).containsExactly("channels.yaml:4:3: message \"Spare\" is used by no channel \u2014 give a json"
                + " channel message: Spare (e.g. spare: { type: json, message: Spare }), use it in another message's"
                + " field, or remove it");
    }

    @Test
    void commaInFlowDescription_saysToQuoteIt() {
        assertThat(problems("""
                package: a.b
                messages:
                  A: { fields: { c: { type: string, description: Code, if any. } } }
                channels:
                  x: { type: json, message: A }
                """)).containsExactly("channels.yaml:3:56: unknown key \"if any.\" in field \"c\" of message \"A\""
                + " \u2014 a ',' inside { } ends the value before it: quote that value, e.g. description: \"Promotion"
                + " code, if any.\"");
    }

    @Test
    void messageOnTextChannel_bothAndNeitherOnJson_andUndeclaredMessage_allAtOnce() {
        assertThat(problems("""
                package: a.b
                messages:
                  A: { fields: { id: long } }
                channels:
                  t: { type: text, message: A }
                  both: { type: json, message: A, class: com.acme.A }
                  neither: { type: json }
                  missing: { type: json, message: B }
                """)).containsExactly(
                "channels.yaml:5:20: key \"message\" does not apply to text channels \u2014 remove it; it applies to"
                        + " [json] channels",
                "channels.yaml:6:35: json channel \"both\" names both a message and a class \u2014 keep one: message:"
                        + " for a message declared under messages (checked at build time and by the database), or"
                        + " class: for a class of yours",
                "channels.yaml:7:3: json channel \"neither\" names neither a message nor a class \u2014 add message:"
                        + " <a message declared under messages>, e.g. { type: json, message: OrderPlaced }, or class:"
                        + " <a class of yours bound by Jackson>, e.g. class: com.acme.events.Event",
                "channels.yaml:8:35: channel \"missing\" carries message B, which is not declared \u2014 did you mean A? declare it"
                        + " under messages, e.g. messages: { B: { fields: { ... } } }; declared: A");
    }

    @Test
    void badEnums_andJavaNameCollision_areReported() {
        assertThat(problems("""
                package: a.b
                messages:
                  A:
                    fields:
                      s: { enum: [NEW, new, NEW] }
                      o: { enum: [UNKNOWN], open: true }
                      e: { enum: [] }
                      order_id: long
                      order__id: long
                      f: { type: string, open: true }
                channels:
                  x: { type: json, message: A }
                """)).containsExactly(
                "channels.yaml:5:24: field \"s\" of message \"A\": enum value \"new\" is invalid: expected upper-case"
                        + " ASCII letters, digits and '_' starting with a letter \u2014 write it like a Java constant,"
                        + " e.g. NEW",
                "channels.yaml:5:29: field \"s\" of message \"A\": enum value NEW is listed twice \u2014 keep one of"
                        + " them",
                "channels.yaml:6:19: field \"o\" of message \"A\": enum value UNKNOWN is reserved in an open enum"
                        + " (readers get it for values they do not know) \u2014 rename the value, or remove it: the"
                        + " generated enum has UNKNOWN already",
                "channels.yaml:7:18: field \"e\" of message \"A\": \"enum\" must be a list of values, found an empty"
                        + " list \u2014 list the values, e.g. enum: [NEW, PAID]",
                "channels.yaml:9:7: fields \"order_id\" (line 8) and \"order__id\" of message \"A\" both map to the"
                        + " Java name orderId \u2014 rename one of them",
                "channels.yaml:10:26: field \"f\" of message \"A\": \"open\" applies to enums only \u2014 remove it, or"
                        + " declare the field as { enum: [A, B], open: true }");
    }

    @Test
    void badNames_areReportedWithASuggestion() {
        assertThat(problems("""
                package: a.b
                messages:
                  order_placed: { fields: { orderId: long } }
                  Channels: { fields: { id: long } }
                channels:
                  x: { type: json, message: Channels }
                """)).containsExactly(
                "channels.yaml:3:3: message name \"order_placed\" is invalid: expected UpperCamel ASCII letters and"
                        + " digits starting with an upper-case letter, at most 63 characters \u2014 rename it, e.g."
                        + " \"OrderPlaced\"",
                "channels.yaml:3:29: field name \"orderId\" of message \"order_placed\" is invalid: expected"
                        + " lower-case ASCII letters, digits and '_' starting with a letter, at most 63 characters (it"
                        + " is the JSON property name) \u2014 rename it, e.g. \"order_id\"",
                "channels.yaml:4:3: message \"Channels\" generates the class Channels, which is also the class"
                        + " Channels \u2014 rename the message");
    }

    @Test
    void ordersManifest_isAcceptedByTheJsonSchema() throws IOException {
        assertThat(SchemaValidator.errors(java.nio.file.Files.readString(Golden.manifest("orders.yaml")))).isEmpty();
    }

    /** Message entries, valid or not by rules both the plugin and the JSON Schema check. */
    static List<String> messageEntries() {
        return List.of("{ fields: { id: long } }", "{ description: Orders., fields: { id: long, at: instant } }",
                "{ fields: { ids: list<map<uuid>> } }", "{ fields: { s: { enum: [A, B_2], open: true } } }",
                "{ fields: { s: { type: date, optional: true, description: When. } } }",
                "{ fields: {} }", "{ fields: { Id: long } }", "{ fields: { id: lng } }", "{ fields: { id: 5 } }",
                "{ fields: { s: { enum: [a] } } }", "{ fields: { s: { enum: [] } } }", "{ fields: { s: { enum: [A, A] } } }",
                "{ fields: { s: { type: string, enum: [A] } } }", "{ fields: { s: { optional: true } } }",
                "{ fields: { s: { type: string, open: true } } }", "{ fields: { s: { type: string, optional: yes } } }",
                "{ fields: { s: { type: string, description: \"\" } } }", "{ fields: { id: long }, extra: 1 }",
                "{ description: x }", "[id]");
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("messageEntries")
    void pluginAndJsonSchema_agreeOnMessageEntries(String entry) {
        String yaml = "package: a.b\nmessages:\n  A: " + entry + "\nchannels:\n  x: { type: json, message: A }\n";

        ManifestReading reading = ManifestParser.read("channels.yaml", yaml);

        assertThat(SchemaValidator.errors(yaml).isEmpty()).as("plugin: %s%n%s", reading.problems(), yaml)
                .isEqualTo(reading.valid());
    }

    @Test
    void jsonChannelWithoutMessageOrClass_isRefusedByTheJsonSchema() {
        assertThat(SchemaValidator.errors("package: a.b\nchannels:\n  x: { type: json }\n")).isNotEmpty();
        assertThat(SchemaValidator.errors("package: a.b\nchannels:\n  x: { type: text, message: A }\n"))
                .isNotEmpty();
    }
}
