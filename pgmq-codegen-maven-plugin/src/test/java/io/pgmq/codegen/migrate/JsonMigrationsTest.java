package io.pgmq.codegen.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.pgmq.codegen.Golden;
import io.pgmq.codegen.emit.GeneratedFile;
import io.pgmq.codegen.manifest.ManifestException;
import io.pgmq.codegen.manifest.ManifestProblem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Migrations and lock file for json channels, and the build-time classification of message changes. */
class JsonMigrationsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-05-01T12:00:00Z"), ZoneOffset.UTC);

    /** The first version of a small manifest; the tests change one line of it. */
    static final String V1 = """
            package: a.b
            messages:
              OrderPlaced:
                fields:
                  order_id: long
                  email: string
                  lines: list<OrderLine>
                  status: { enum: [NEW, PAID] }
                  stage: { enum: [OPEN], open: true }
                  coupon: { type: string, optional: true }
              OrderLine:
                fields: { sku: string, quantity: int }
            channels:
              order_placed: { type: json, message: OrderPlaced }
              legacy: { type: json, class: com.acme.Legacy }
            """;

    @TempDir
    Path project;

    MigrationSettings settings;

    @BeforeEach
    void setUp() {
        settings = MigrationSettings.defaults(project);
    }

    @Test
    void ordersManifest_createsJsonbChannelsWithContract_andLocksShapes_matchesGolden() throws IOException {
        manifest(Files.readString(Golden.manifest("orders.yaml")));

        make();

        Golden.assertMatches("orders/migrations", snapshot());
    }

    @Test
    void oldLockWithoutMessages_readsAsNoShapes() throws IOException {
        Files.createDirectories(settings.lockFile().getParent());
        Files.writeString(settings.lockFile(), "{\n  \"format\": 1,\n  \"core\": [],\n  \"channels\": {},\n"
                + "  \"migrations\": []\n}\n");

        assertThat(Lock.read(settings.lockFile()).messages()).isEmpty();
    }

    @Test
    void addedOptionalField_writesOneMigrationUpdatingTheContract() throws IOException {
        manifest(V1);
        make();

        manifest(V1.replace("coupon: { type: string, optional: true }",
                "coupon: { type: string, optional: true }\n      note: { type: string, optional: true }"));
        List<Path> written = make();

        assertThat(written).extracting(p -> p.getFileName().toString())
                .containsExactly("V4__pgmq_alter_channel_order_placed.sql");
        assertThat(Files.readString(written.get(0))).contains("update the message contract of channel"
                + " \"order_placed\"", "SELECT \"pg_mq_set_json_contract\"('order_placed', '{\"message\":\"OrderPlaced\","
                + "\"fields\":{\"coupon\":{\"type\":\"string\",\"required\":false},\"email\":{\"type\":\"string\","
                + "\"required\":true},\"lines\":{\"type\":\"array\",\"required\":true},\"note\":{\"type\":\"string\","
                + "\"required\":false},");
        assertThat(Files.readString(settings.lockFile())).contains("\"note\": {\"type\": \"string\", \"required\": false}");
        assertThat(Migrations.check(settings, core())).isEmpty();
    }

    @Test
    void nestedOptionalFieldOrDescription_updatesOnlyTheLock() throws IOException {
        manifest(V1);
        make();

        manifest(V1.replace("fields: { sku: string, quantity: int }",
                "description: One line.\n    fields: { sku: string, quantity: int, gift: { type: boolean, optional: true } }"));

        assertThat(Migrations.check(settings, core())).singleElement().asString()
                .contains("channels.lock.json does not record the messages' current shapes");
        assertThat(make()).isEmpty();
        assertThat(Files.readString(settings.lockFile())).contains("\"gift\": {\"type\": \"boolean\", \"required\": false}");
        assertThat(Migrations.check(settings, core())).isEmpty();
    }

    @Test
    void removedOptionalField_andOpenEnumValueAdded_areAllowed() throws IOException {
        manifest(V1);
        make();

        manifest(V1.replace("      coupon: { type: string, optional: true }\n", "")
                .replace("enum: [OPEN], open: true", "enum: [OPEN, CLOSED], open: true"));

        assertThat(make()).extracting(p -> p.getFileName().toString())
                .containsExactly("V4__pgmq_alter_channel_order_placed.sql");
    }

    @Test
    void everyRefusedChange_isReportedAtItsLineWithTheWayOut() throws IOException {
        manifest(V1);
        make();

        manifest("""
                package: a.b
                messages:
                  OrderPlaced:
                    fields:
                      order_id: string
                      lines: list<OrderLine>
                      status: { enum: [NEW, PAID, REFUNDED] }
                      stage: { enum: [OPEN], open: true }
                      coupon: string
                      total: decimal
                  OrderLine:
                    fields: { sku: string, quantity: { type: int, optional: true } }
                channels:
                  order_placed: { type: json, message: OrderPlaced }
                  legacy: { type: json, class: com.acme.Other }
                """);
        ManifestException e = catchThrowableOfType(ManifestException.class, this::make);

        String wayOut = "to change the message, declare OrderPlacedV2 with the new shape on a new channel, move the"
                + " consumers to it, and retire order_placed (retired: true) once it is empty";
        String lineWayOut = "to change the message, declare OrderLineV2 with the new shape on a new channel, move the"
                + " consumers to it, and retire order_placed (retired: true) once it is empty";
        assertThat(e.problems()).extracting(ManifestProblem::message).containsExactly(
                "src/main/pgmq/channels.yaml:3:3: message OrderPlaced (carried by channel order_placed): required field \"email\""
                        + " (string) was removed, but consumers built before this change need it in every message (a"
                        + " rename is a removal and an addition) \u2014 put it back: email: string; " + wayOut,
                "src/main/pgmq/channels.yaml:5:17: message OrderPlaced (carried by channel order_placed): field \"order_id\" changed"
                        + " its type from long to string, which consumers built before this change cannot read"
                        + " \u2014 restore order_id: long; " + wayOut,
                "src/main/pgmq/channels.yaml:7:23: message OrderPlaced (carried by channel order_placed): field \"status\" changed"
                        + " its type from { enum: [NEW, PAID] } to { enum: [NEW, PAID, REFUNDED] }, which consumers"
                        + " built before this change cannot read (a closed enum's values are fixed; declare the enum"
                        + " open: true, with an UNKNOWN member for old readers, before the first release to add values"
                        + " later) \u2014 restore status: { enum: [NEW, PAID] }; " + wayOut,
                "src/main/pgmq/channels.yaml:9:7: message OrderPlaced (carried by channel order_placed): field \"coupon\" changed"
                        + " from optional to required: queued messages and producers built before this change may"
                        + " leave it out \u2014 make it optional again (optional: true); " + wayOut,
                "src/main/pgmq/channels.yaml:10:7: message OrderPlaced (carried by channel order_placed): required field \"total\""
                        + " was added, but queued messages and producers built before this change lack it (a rename"
                        + " is a removal and an addition) \u2014 declare it optional: total: { type: decimal, optional:"
                        + " true }; " + wayOut,
                "src/main/pgmq/channels.yaml:12:28: message OrderLine (carried by channel order_placed): field \"quantity\" changed"
                        + " from required to optional: consumers built before this change fail on messages without it"
                        + " \u2014 remove optional: true; " + lineWayOut);
        assertThat(catchThrowableOfType(ManifestException.class, () -> Migrations.check(settings, core())).problems())
                .isEqualTo(e.problems());
    }

    @Test
    void changedMessageOfAChannel_isRefusedAsImmutable() throws IOException {
        manifest(V1);
        make();

        manifest(V1.replace("OrderPlaced:", "OrderPlacedV2:").replace("message: OrderPlaced", "message: OrderPlacedV2"));
        ManifestException e = catchThrowableOfType(ManifestException.class, this::make);

        assertThat(e.problems()).extracting(ManifestProblem::message).containsExactly(
                "src/main/pgmq/channels.yaml:14:40: channel \"order_placed\" changed its message from OrderPlaced to OrderPlacedV2,"
                        + " and message cannot change once migrated \u2014 restore message: OrderPlaced; to carry"
                        + " another message declare it on a new channel, move the consumers there, and retire this"
                        + " channel with retired: true once it is empty");
    }

    // ---- fixtures ----

    private List<Path> make() throws IOException {
        return Migrations.make(settings, core(), CLOCK);
    }

    private void manifest(String yaml) throws IOException {
        Files.createDirectories(settings.manifest().getParent());
        Files.writeString(settings.manifest(), yaml, StandardCharsets.UTF_8);
    }

    /** A class loader holding only the core fixture v1, so the golden files do not change with the real core. */
    private static ClassLoader core() {
        try {
            URL url = Path.of("src/test/resources/core-fixture", "v1").toUri().toURL();
            return new URLClassLoader(new URL[] {url}, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<GeneratedFile> snapshot() throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(project)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(project.relativize(p).toString().replace('\\', '/'), Files.readString(p));
            }
        }
        return files.entrySet().stream().filter(e -> !e.getKey().endsWith(".yaml"))
                .map(e -> new GeneratedFile(e.getKey(), e.getValue())).toList();
    }
}
