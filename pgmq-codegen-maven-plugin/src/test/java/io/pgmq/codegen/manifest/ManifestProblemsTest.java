package io.pgmq.codegen.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

/** One test per kind of manifest problem: the exact message, with line and column. */
class ManifestProblemsTest {

    private static void assertProblems(String yaml, String... expected) {
        ManifestException e = catchThrowableOfType(ManifestException.class,
                () -> ManifestParser.parse("channels.yaml", yaml));
        assertThat(e).as("expected the manifest to be rejected").isNotNull();
        assertThat(e.problems()).extracting(ManifestProblem::message).containsExactly(expected);
        assertThat(e.getMessage()).isEqualTo(String.join("\n", expected));
    }

    @Test
    void unclosedBrace_isReportedWhereItOpens() {
        assertProblems(
                "package: com.acme\n" +
                "channels:\n" +
                "  a: { type: text\n",
                "channels.yaml:3:6: the '{' opened here is not closed (the file ends first) — close it with '}', or write its entries as indented lines without braces");
    }

    @Test
    void emptyFile_reportsMissingContent() {
        assertProblems(
                "# nothing\n",
                "channels.yaml:1:1: the manifest is empty — declare at least \"package\" and \"channels\", e.g. package: com.example.channels");
    }

    @Test
    void twoDocuments_reportsSecondDocument() {
        assertProblems(
                "package: com.acme\n" +
                "channels: { a: { type: text } }\n" +
                "---\n" +
                "package: x\n",
                "channels.yaml:4:1: the manifest holds more than one YAML document — keep one document: remove this '---' and what follows, or merge it into the first");
    }

    @Test
    void rootList_reportsExpectedMapping() {
        assertProblems(
                "- package\n",
                "channels.yaml:1:1: the manifest must be a mapping with the keys package, schema and channels, found a list — write it as key: value lines, e.g. package: com.example.channels");
    }

    @Test
    void misspeltKey_suggestsClosestKey() {
        assertProblems(
                "package: com.acme\n" +
                "chanels: { a: { type: text } }\n" +
                "channels: { a: { type: text } }\n",
                "channels.yaml:2:1: unknown key \"chanels\" in the manifest — did you mean \"channels\"? Allowed keys: package, schema, messages, channels");
    }

    @Test
    void unknownKeyWithoutNearMatch_listsAllowedKeys() {
        assertProblems(
                "package: com.acme\n" +
                "zzzzzz: 1\n" +
                "channels: { a: { type: text } }\n",
                "channels.yaml:2:1: unknown key \"zzzzzz\" in the manifest — remove it; allowed keys: package, schema, messages, channels");
    }

    @Test
    void duplicateKey_reportsFirstLine() {
        assertProblems(
                "package: com.acme\n" +
                "package: com.other\n" +
                "channels: { a: { type: text } }\n",
                "channels.yaml:2:1: key \"package\" appears twice in the manifest (first at line 1) — keep one of them");
    }

    @Test
    void missingPackage_reportsAtRoot() {
        assertProblems(
                "channels:\n" +
                "  a: { type: text }\n",
                "channels.yaml:1:1: \"package\" is missing — add the Java package of the generated classes, e.g. package: com.example.channels");
    }

    @Test
    void keyWithoutValue_reportsKey() {
        assertProblems(
                "package:\n" +
                "channels: { a: { type: text } }\n",
                "channels.yaml:1:1: \"package\" has no value — give it a value or remove the key");
    }

    @Test
    void mappingWhereValueExpected_reportsValue() {
        assertProblems(
                "package: { a: b }\n" +
                "channels: { a: { type: text } }\n",
                "channels.yaml:1:10: \"package\" must be a single value, found a mapping — write it on one line, e.g. package: ...");
    }

    @Test
    void invalidPackage_suggestsValidName() {
        assertProblems(
                "package: com.acme-shop\n" +
                "channels: { a: { type: text } }\n",
                "channels.yaml:1:10: package \"com.acme-shop\" is not a valid Java package name — use dot-separated ASCII Java identifiers, e.g. \"com.acme_shop\"");
    }

    @Test
    void packageWithKeyword_namesTheKeyword() {
        assertProblems(
                "package: com.acme.new\n" +
                "channels: { a: { type: text } }\n",
                "channels.yaml:1:10: package \"com.acme.new\" uses the Java keyword \"new\" as a segment — rename that segment, e.g. \"new_\"");
    }

    @Test
    void schemaOver63Bytes_reportsLength() {
        assertProblems(
                "package: com.acme\n" +
                "schema: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n" +
                "channels: { a: { type: text } }\n",
                "channels.yaml:2:9: schema \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\" is 64 bytes; PostgreSQL allows at most 63 — shorten the schema name");
    }

    @Test
    void schemaWithPgPrefix_isReserved() {
        assertProblems(
                "package: com.acme\n" +
                "schema: pg_catalog\n" +
                "channels: { a: { type: text } }\n",
                "channels.yaml:2:9: schema \"pg_catalog\" is reserved: the prefix \"pg_\" belongs to PostgreSQL — use another schema, e.g. \"catalog\"");
    }

    @Test
    void blankSchema_isRejected() {
        assertProblems(
                "package: com.acme\n" +
                "schema: \"  \"\n" +
                "channels: { a: { type: text } }\n",
                "channels.yaml:2:9: schema is blank — name a PostgreSQL schema, e.g. schema: public, or remove the key");
    }

    @Test
    void missingChannels_reportsAtRoot() {
        assertProblems(
                "package: com.acme\n",
                "channels.yaml:1:1: \"channels\" is missing — add a \"channels\" mapping, e.g. channels: { order_events: { type: text } }");
    }

    @Test
    void channelsWithoutValue_asksForAChannel() {
        assertProblems(
                "package: com.acme\n" +
                "channels:\n",
                "channels.yaml:2:1: \"channels\" has no value — declare at least one channel, e.g. order_events: { type: text }");
    }

    @Test
    void channelsAsList_reportsExpectedMapping() {
        assertProblems(
                "package: com.acme\n" +
                "channels: [a, b]\n",
                "channels.yaml:2:11: \"channels\" must be a mapping from channel name to settings, found a list — write e.g. channels: { order_events: { type: text } }");
    }

    @Test
    void emptyChannels_asksForAChannel() {
        assertProblems(
                "package: com.acme\n" +
                "channels: {}\n",
                "channels.yaml:2:11: \"channels\" is empty — declare at least one channel, e.g. order_events: { type: text }");
    }

    @Test
    void invalidChannelName_suggestsSnakeCase() {
        assertProblems(
                "package: com.acme\n" +
                "channels:\n" +
                "  Order-Events: { type: text }\n",
                "channels.yaml:3:3: channel name \"Order-Events\" is invalid: expected lower-case letters, digits and '_' starting with a letter — rename it, e.g. \"order_events\"");
    }

    @Test
    void channelNameOver51Bytes_reportsTableNameLimit() {
        assertProblems(
                "package: com.acme\n" +
                "channels:\n" +
                "  aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa: { type: text }\n",
                "channels.yaml:3:3: channel name \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\" is 52 bytes long: at most 51 fit, because its table \"pg_mq_queue_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\" must stay within PostgreSQL's 63-byte identifiers — shorten it to 51 bytes or fewer");
    }

    @Test
    void manifestWithDuplicateChannel_reportsBothLines() {
        assertProblems(
                "package: com.acme\n" +
                "channels:\n" +
                "  orders: { type: text }\n" +
                "  orders: { type: xml }\n",
                "channels.yaml:4:3: channel \"orders\" is declared twice (first at line 3) — merge the two entries into one");
    }

    @Test
    void namesMappingToOneJavaClass_reportBothChannels() {
        assertProblems(
                "package: com.acme\n" +
                "channels:\n" +
                "  order_events: { type: text }\n" +
                "  order__events: { type: text }\n",
                "channels.yaml:4:3: channels \"order_events\" (line 3) and \"order__events\" both map to the Java class OrderEventsChannel — rename one of them");
    }

    @Test
    void channelAsScalar_reportsExpectedMapping() {
        assertProblems(
                "package: com.acme\n" +
                "channels:\n" +
                "  orders: text\n",
                "channels.yaml:3:11: channel \"orders\" must be a mapping of settings, found \"text\" — write e.g. orders: { type: text }");
    }

    @Test
    void channelWithoutSettings_reportsMissingType() {
        assertProblems(
                "package: com.acme\n" +
                "channels:\n" +
                "  orders:\n",
                "channels.yaml:3:3: channel \"orders\" has no \"type\" — add type: text, xml, bytea or json, e.g. { type: text }");
    }

    @Test
    void channelWithoutType_reportsMissingType() {
        assertProblems(
                "package: com.acme\n" +
                "channels:\n" +
                "  orders: { description: Orders. }\n",
                "channels.yaml:3:3: channel \"orders\" has no \"type\" — add type: text, xml, bytea or json");
    }

    @Test
    void unknownType_listsTheTypes() {
        assertProblems(
                "package: com.acme\n" +
                "channels:\n" +
                "  orders: { type: protobuf }\n",
                "channels.yaml:3:19: type \"protobuf\" is unknown — use text, xml, bytea or json");
    }

    @Test
    void misspeltType_suggestsClosestType() {
        assertProblems(
                "package: com.acme\n" +
                "channels:\n" +
                "  orders: { type: txt }\n",
                "channels.yaml:3:19: type \"txt\" is unknown — did you mean \"text\"? The types are text, xml, bytea or json");
    }

    @Test
    void misspeltChannelKey_suggestsClosestKey() {
        assertProblems(
                "package: com.acme\n" +
                "channels:\n" +
                "  orders: { type: text, max_attempt: 5 }\n",
                "channels.yaml:3:25: unknown key \"max_attempt\" in channel \"orders\" — did you mean \"max_attempts\"? Allowed keys: type, message, class, description, grants, max_attempts, backoff, lease, keep_acked, fillfactor, retention, notify, dedup_window, rabbitmq, retired");
    }

    @Test
    void blankDescription_isRejected() {
        assertProblems(
                "package: com.acme\n" +
                "channels:\n" +
                "  orders: { type: text, description: \"\" }\n",
                "channels.yaml:3:38: description is blank — write a sentence about the channel, or remove the key");
    }

    @Test
    void grantsAsScalar_reportsExpectedMapping() {
        assertProblems(
                "package: com.acme\n" +
                "channels:\n" +
                "  orders: { type: text, grants: shop_app }\n",
                "channels.yaml:3:33: grants must be a mapping, found \"shop_app\" — write e.g. grants: { send: [shop_app], receive: [mailer] }");
    }

    @Test
    void misspeltGrantKey_suggestsSend() {
        assertProblems(
                "package: com.acme\n" +
                "channels:\n" +
                "  orders: { type: text, grants: { sends: [a] } }\n",
                "channels.yaml:3:35: unknown key \"sends\" in grants — did you mean \"send\"? Allowed keys: send, receive");
    }

    @Test
    void rolesAsScalar_reportsExpectedList() {
        assertProblems(
                "package: com.acme\n" +
                "channels:\n" +
                "  orders: { type: text, grants: { send: shop_app } }\n",
                "channels.yaml:3:41: grants.send must be a list of role names, found \"shop_app\" — write e.g. send: [shop_app]");
    }

    @Test
    void roleOver63Bytes_reportsLength() {
        assertProblems(
                "package: com.acme\n" +
                "channels:\n" +
                "  orders: { type: text, grants: { send: [aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa] } }\n",
                "channels.yaml:3:42: role name \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\" is 64 bytes; PostgreSQL allows at most 63 — shorten it to the role's real name");
    }

    @Test
    void reservedRole_isRejected() {
        assertProblems(
                "package: com.acme\n" +
                "channels:\n" +
                "  orders: { type: text, grants: { receive: [public] } }\n",
                "channels.yaml:3:45: role \"public\" is reserved in PostgreSQL — grant to a role of your application, e.g. shop_app");
    }

    @Test
    void duplicateRole_reportsFirstLine() {
        assertProblems(
                "package: com.acme\n" +
                "channels:\n" +
                "  orders:\n" +
                "    type: text\n" +
                "    grants:\n" +
                "      send: [shop_app, shop_app]\n",
                "channels.yaml:6:24: role \"shop_app\" is listed twice in grants.send (first at line 6) — remove one of them");
    }

    @Test
    void nestedListAsRole_isRejected() {
        assertProblems(
                "package: com.acme\n" +
                "channels:\n" +
                "  orders: { type: text, grants: { send: [[a]] } }\n",
                "channels.yaml:3:42: a role in grants.send must be a name, found a list — write the role name, e.g. shop_app");
    }

    @Test
    void maxAttemptsNotANumber_isRejected() {
        assertProblems(
                "package: com.acme\n" +
                "channels:\n" +
                "  orders: { type: text, max_attempts: five }\n",
                "channels.yaml:3:39: max_attempts must be an integer 1..1000, found \"five\" — write e.g. max_attempts: 5");
    }

    @Test
    void maxAttemptsZero_isRejected() {
        assertProblems(
                "package: com.acme\n" +
                "channels:\n" +
                "  orders: { type: text, max_attempts: 0 }\n",
                "channels.yaml:3:39: max_attempts must be an integer 1..1000, was 0 — write e.g. max_attempts: 5");
    }

    @Test
    void maxAttemptsBeyondInt_isRejected() {
        assertProblems(
                "package: com.acme\n" +
                "channels:\n" +
                "  orders: { type: text, max_attempts: 3000000000 }\n",
                "channels.yaml:3:39: max_attempts must be an integer 1..1000, was 3000000000 — write e.g. max_attempts: 5");
    }

    @Test
    void durationWithoutUnit_showsFormat() {
        assertProblems(
                "package: com.acme\n" +
                "channels:\n" +
                "  orders: { type: text, lease: 5 minutes }\n",
                "channels.yaml:3:32: lease \"5 minutes\" is not a duration — write a whole number and a unit (ms, s, m, h or d), e.g. \"30s\" or \"5m\"");
    }

    @Test
    void zeroDuration_isRejected() {
        assertProblems(
                "package: com.acme\n" +
                "channels:\n" +
                "  orders: { type: text, lease: 0s }\n",
                "channels.yaml:3:32: lease must be longer than zero, was \"0s\" — write a positive duration, e.g. \"30s\", or remove the key");
    }

    @Test
    void backoffBaseLongerThanMax_isRejected() {
        assertProblems(
                "package: com.acme\n" +
                "channels:\n" +
                "  orders: { type: text, backoff: { base: 10m, max: 1m } }\n",
                "channels.yaml:3:42: backoff.base 10m is longer than backoff.max 1m — make base at most max");
    }

    @Test
    void backoffAsScalar_reportsExpectedMapping() {
        assertProblems(
                "package: com.acme\n" +
                "channels:\n" +
                "  orders: { type: text, backoff: 5s }\n",
                "channels.yaml:3:34: backoff must be a mapping, found \"5s\" — write e.g. backoff: { base: 1s, max: 5m }");
    }

    @Test
    void misspeltNotifyMode_suggestsWhenIdle() {
        assertProblems(
                "package: com.acme\n" +
                "channels:\n" +
                "  orders: { type: text, notify: when-idle }\n",
                "channels.yaml:3:33: notify \"when-idle\" is unknown — did you mean \"when_idle\"? The modes are always, when_idle or never");
    }

    @Test
    void unknownNotifyMode_listsTheModes() {
        assertProblems(
                "package: com.acme\n" +
                "channels:\n" +
                "  orders: { type: text, notify: sometimes }\n",
                "channels.yaml:3:33: notify \"sometimes\" is unknown — use always, when_idle or never");
    }

    @Test
    void misspeltRetentionKey_suggestsDone() {
        assertProblems(
                "package: com.acme\n" +
                "channels:\n" +
                "  orders: { type: text, retention: { don: 7d } }\n",
                "channels.yaml:3:38: unknown key \"don\" in retention — did you mean \"done\"? Allowed keys: done, dead");
    }

    @Test
    void zeroDeadRetention_isRejected() {
        assertProblems(
                "package: com.acme\n" +
                "channels:\n" +
                "  orders:\n" +
                "    type: text\n" +
                "    retention: { done: 7d, dead: 0d }\n",
                "channels.yaml:5:34: retention.dead must be longer than zero, was \"0d\" — write a positive duration, e.g. \"30s\", or remove the key");
    }

    @Test
    void negativeRetention_isNotADuration() {
        assertProblems(
                "package: com.acme\n" +
                "channels:\n" +
                "  orders: { type: text, retention: { done: -7d } }\n",
                "channels.yaml:3:44: retention.done \"-7d\" is not a duration — write a whole number and a unit (ms, s, m, h or d), e.g. \"30s\" or \"5m\"");
    }

    @Test
    void retentionAsScalar_reportsExpectedMapping() {
        assertProblems(
                "package: com.acme\n" +
                "channels:\n" +
                "  orders: { type: text, retention: 7d }\n",
                "channels.yaml:3:36: retention must be a mapping, found \"7d\" — write e.g. retention: { done: 7d, dead: 30d }");
    }

    @Test
    void retiredNotBoolean_isRejected() {
        assertProblems(
                "package: com.acme\n" +
                "channels:\n" +
                "  orders: { type: text, retired: yes }\n",
                "channels.yaml:3:34: retired must be true or false, found \"yes\" — write retired: true or remove the key");
    }

    @Test
    void keepAckedNotBoolean_saysToWriteTrueOrFalse() {
        assertProblems(
                "package: com.acme\n" +
                "channels:\n" +
                "  orders: { type: text, keep_acked: yes }\n",
                "channels.yaml:3:37: keep_acked must be true or false, found \"yes\" — write keep_acked: true or keep_acked: false");
    }

    @Test
    void keepAckedWithoutValue_isRejected() {
        assertProblems(
                "package: com.acme\n" +
                "channels:\n" +
                "  orders:\n" +
                "    type: text\n" +
                "    keep_acked:\n",
                "channels.yaml:5:5: \"keep_acked\" has no value — give it a value or remove the key");
    }

    @Test
    void fillfactorBelowRange_namesTheRangeAndBothUses() {
        assertProblems(
                "package: com.acme\n" +
                "channels:\n" +
                "  orders: { type: text, fillfactor: 5 }\n",
                "channels.yaml:3:37: fillfactor must be an integer 10..100, was 5 — use 45 (the default) for lease claims or 100 for channels consumed only with locked claims");
    }

    @Test
    void fillfactorAboveRange_isRejected() {
        assertProblems(
                "package: com.acme\n" +
                "channels:\n" +
                "  orders: { type: text, fillfactor: 101 }\n",
                "channels.yaml:3:37: fillfactor must be an integer 10..100, was 101 — use 45 (the default) for lease claims or 100 for channels consumed only with locked claims");
    }

    @Test
    void fillfactorHuge_isRejectedWithoutOverflow() {
        assertProblems(
                "package: com.acme\n" +
                "channels:\n" +
                "  orders: { type: text, fillfactor: 99999999999999999999 }\n",
                "channels.yaml:3:37: fillfactor must be an integer 10..100, was 99999999999999999999 — use 45 (the default) for lease claims or 100 for channels consumed only with locked claims");
    }

    @Test
    void fillfactorNotInteger_isRejected() {
        assertProblems(
                "package: com.acme\n" +
                "channels:\n" +
                "  orders: { type: text, fillfactor: 45.5 }\n",
                "channels.yaml:3:37: fillfactor must be an integer 10..100, found \"45.5\" — use 45 (the default) for lease claims or 100 for channels consumed only with locked claims");
    }

    @Test
    void fillfactorWithoutValue_isRejected() {
        assertProblems(
                "package: com.acme\n" +
                "channels:\n" +
                "  orders:\n" +
                "    type: text\n" +
                "    fillfactor:\n",
                "channels.yaml:5:5: \"fillfactor\" has no value — give it a value or remove the key");
    }

    @Test
    void fillfactorAndOtherProblems_areReportedTogetherSortedByPosition() {
        assertProblems(
                "package: com.acme\n" +
                "channels:\n" +
                "  orders: { type: text, fillfactor: 0 }\n" +
                "  invoices: { type: xml, keep_acked: yes }\n",
                "channels.yaml:3:37: fillfactor must be an integer 10..100, was 0 — use 45 (the default) for lease claims or 100 for channels consumed only with locked claims",
                "channels.yaml:4:38: keep_acked must be true or false, found \"yes\" — write keep_acked: true or keep_acked: false");
    }

    @Test
    void anchor_isRejected() {
        assertProblems(
                "package: com.acme\n" +
                "channels:\n" +
                "  orders: &o { type: text }\n",
                "channels.yaml:3:11: anchors and aliases (&o) are not supported in the manifest — write the value out in full");
    }

    @Test
    void manyProblems_reportsAllSortedByPosition() {
        assertProblems(
                "package: com.acme-x\n" +
                "channels:\n" +
                "  Bad: { type: nope }\n" +
                "  ok: { type: text, lease: 0s }\n",
                "channels.yaml:1:10: package \"com.acme-x\" is not a valid Java package name — use dot-separated ASCII Java identifiers, e.g. \"com.acme_x\"",
                "channels.yaml:3:3: channel name \"Bad\" is invalid: expected lower-case letters, digits and '_' starting with a letter — rename it, e.g. \"bad\"",
                "channels.yaml:3:16: type \"nope\" is unknown — use text, xml, bytea or json",
                "channels.yaml:4:28: lease must be longer than zero, was \"0s\" — write a positive duration, e.g. \"30s\", or remove the key");
    }

    @Test
    void maxAttemptsAbove1000_isRejectedAsTheCoreWould() {
        assertProblems(
                "package: com.acme\n" +
                "channels:\n" +
                "  orders: { type: text, max_attempts: 1001 }\n",
                "channels.yaml:3:39: max_attempts must be an integer 1..1000, was 1001 — write e.g. max_attempts: 5");
    }

    @Test
    void quotedNumber_isRejectedAsTheJsonSchemaWould() {
        assertProblems(
                "package: com.acme\n" +
                "channels:\n" +
                "  orders: { type: text, max_attempts: \"5\", description: 42 }\n",
                "channels.yaml:3:39: max_attempts must be an integer 1..1000, found \"5\" — write e.g. max_attempts: 5",
                "channels.yaml:3:57: description must be text, found 42 (a number) — quote it: description: \"42\"");
    }

    @Test
    void unclosedBracket_isReportedWhereItOpens() {
        assertProblems(
                "package: com.acme\n" +
                "channels:\n" +
                "  orders: { type: text, grants: { send: [a, b } }\n",
                "channels.yaml:3:41: the '[' opened here is not closed (line 3, column 47 comes first) — close it with ']', or write its items as indented '- ' lines");
    }

    @Test
    void unclosedQuote_isReportedWhereItOpens() {
        assertProblems(
                "package: com.acme\n" +
                "channels:\n" +
                "  orders: { type: text, description: \"Orders. }\n",
                "channels.yaml:3:38: the quote opened here is not closed — end the value with the same quote character it starts with");
    }

    @Test
    void keyWithoutColon_isReportedOnItsLine() {
        assertProblems(
                "package: com.acme\n" +
                "channels\n" +
                "  orders: { type: text }\n",
                "channels.yaml:2:1: this key has no ':' after it — write it as key: value, or key: with its entries indented on the lines below");
    }

    @Test
    void tabIndentation_isReportedInOurWords() {
        assertProblems(
                "package: com.acme\n" +
                "\tchannels: { orders: { type: text } }\n",
                "channels.yaml:2:1: a tab character here: YAML indents with spaces only — replace the tab with spaces");
    }

    @Test
    void misalignedKey_isReportedOnItsLine() {
        assertProblems(
                "package: com.acme\n" +
                "channels:\n" +
                "  orders:\n" +
                "    type: text\n" +
                "   lease: 30s\n",
                "channels.yaml:5:4: this line is indented differently from the entries above it (the mapping or list that starts at line 3) — indent it with spaces like its sibling entries, or nest it under the key it belongs to");
    }

    @Test
    void schemaNeedingQuotes_isRejectedWithASnakeCaseName() {
        assertProblems(
                "package: com.acme\n" +
                "schema: Public-Queues\n" +
                "channels: { a: { type: text } }\n",
                "channels.yaml:2:9: schema \"Public-Queues\" is invalid: expected lower-case letters, digits and '_' starting with a letter or '_' (a name PostgreSQL needs no quotes for) — rename it, e.g. \"public_queues\"");
    }
}
