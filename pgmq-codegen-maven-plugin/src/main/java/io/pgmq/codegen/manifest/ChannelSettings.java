package io.pgmq.codegen.manifest;

import io.pgmq.schema.ChannelName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * The table of manifest keys: one row per key, read by everything that handles a key, so that adding a setting is
 * one row here (and its tests). The manifest reader parses and validates through it, the JSON Schema
 * ({@code channels.schema.json}) and the manifest reference ({@code docs/reference/manifest.md}) are generated from it,
 * the lock file records and upgrades what it says, and the migration writer turns changed values into the SQL it
 * names.
 *
 * <p>A new setting is a {@link Setting} (a duration, say: {@code Setting.builder("dedup_window", new Span())}) with
 * its meaning, example, lock key, removal rule and SQL, added to {@link #CHANNEL}; a group of settings is a
 * {@link Block}; a key for some payload types only names them with {@code onlyFor}. Stateless and thread-safe.
 */
public final class ChannelSettings {

    private ChannelSettings() {
    }

    // ---- the pgmq-schema functions settings become --------------------------------------------------------------

    static final SettingSql.Function ALTER_CHANNEL =
            new SettingSql.Function("pg_mq_alter_channel", SettingSql.Layout.NAMED_LINES, "V2");
    static final SettingSql.Function SET_FILLFACTOR =
            new SettingSql.Function("pg_mq_set_fillfactor", SettingSql.Layout.POSITIONAL, "V8");
    static final SettingSql.Function SET_RETENTION =
            new SettingSql.Function("pg_mq_set_retention", SettingSql.Layout.NAMED_INLINE, "V3");
    static final SettingSql.Function SET_NOTIFY_MODE =
            new SettingSql.Function("pg_mq_set_notify_mode", SettingSql.Layout.POSITIONAL, "V5");
    static final SettingSql.Function SET_DEDUP_WINDOW =
            new SettingSql.Function("pg_mq_set_dedup_window", SettingSql.Layout.POSITIONAL, "V13");

    // ---- the manifest's top level ------------------------------------------------------------------------------

    /** {@code package}: the Java package of the generated classes. */
    public static final Setting<String> PACKAGE = Setting.builder("package", new JavaPackageName())
            .meaning("Java package of the generated classes.")
            .example("com.acme.shop.channels")
            .required()
            .build();

    /** {@code schema}: the PostgreSQL schema of pgmq's core and the queue tables; recorded in the lock file. */
    public static final Setting<String> SCHEMA = Setting.builder("schema", new SchemaName())
            .meaning("PostgreSQL schema that holds pgmq's core and the queue tables. make-migrations creates it if"
                    + " needed and installs the vendored core scripts into it; the channel migrations and the Java"
                    + " channels name it. Fixed once migrations were written: make-migrations and check refuse a"
                    + " change.")
            .example("queues")
            .byDefault("unqualified SQL in Flyway's default schema; the Java channels use public")
            .lock("schema")
            .immutable()
            .build();

    /** The keys of the manifest's top level, in the order of the reference; {@code channels} maps names to entries. */
    public static final List<String> ROOT_KEYS = List.of("package", "schema", "messages", "channels");

    /** What the {@code messages} key means, for the reference and the JSON Schema. */
    public static final String MESSAGES_MEANING = "The message types json channels carry, by name (UpperCamel, the"
            + " Java record's name). Each has an optional description (the record's Javadoc) and fields: a mapping"
            + " from JSON property name (lower-case letters, digits and '_'; the Java component is its camelCase) to"
            + " a type (" + String.join(", ", ScalarType.names()) + ", list<T>, map<T> with string keys, another"
            + " message by name) or to { type: T, optional: true, description: ... }, or { enum: [A, B] } (add"
            + " open: true for an UNKNOWN member that old readers get for values added later). Every message must be"
            + " used by a channel (directly or through another message's field), and no message may contain itself.";

    /** What the {@code channels} key means, for the reference and the JSON Schema. */
    public static final String CHANNELS_MEANING = "The channels, by name. A name is lower-case ASCII letters, digits"
            + " and '_', starting with a letter, at most " + ChannelName.MAX_BYTES + " bytes (the table "
            + ChannelName.TABLE_PREFIX + "<name> must fit PostgreSQL's 63 bytes). The Java class is"
            + " <UpperCamel>Channel and the constant in Channels is <UPPER_SNAKE>.";

    // ---- a channel entry ---------------------------------------------------------------------------------------

    /** {@code type}: the payload type. */
    public static final Setting<PayloadType> TYPE = Setting.builder("type",
                    new Choice<>(List.of(PayloadType.values()), PayloadType::manifestName, "types"))
            .meaning("Payload type: text (String, TextChannel), xml (org.jooq.XML, XmlChannel), bytea (byte[],"
                    + " ByteaChannel) or json (jsonb; a message declared under messages, or a class of yours, through"
                    + " JsonChannel). Cannot change once migrated: declare a new channel instead.")
            .example("text")
            .lock("type")
            .immutable("restore type: {was}, declare a new channel for the new type, and retire this one with"
                    + " retired: true")
            .required()
            .build();

    /** {@code message}: the message type a json channel carries. */
    public static final Setting<String> MESSAGE = Setting.builder("message", new MessageName())
            .meaning("For a json channel: the message declared under messages that it carries. The channel class"
                    + " extends JsonChannel<Message> with a generated codec, and the migration gives the queue table"
                    + " CHECK constraints on the message's required fields (pg_mq_set_json_contract). make-migrations"
                    + " and check refuse changes to the message that a reader on either side could not read. Give a"
                    + " json channel message or class, not both. Cannot change once migrated: declare a new channel.")
            .example("OrderPlaced")
            .lock("message")
            .immutable("restore message: {was}; to carry another message declare it on a new channel, move the"
                    + " consumers there, and retire this channel with retired: true once it is empty")
            .removalRefused()
            .onlyFor(EnumSet.of(PayloadType.JSON))
            .build();

    /** {@code class}: a class of the application a json channel carries, bound by Jackson. */
    public static final Setting<String> CLASS = Setting.builder("class", new JavaClassName())
            .meaning("For a json channel: a class of yours it carries, read and written by Jackson's data binding"
                    + " (JsonCodec.jackson). Its shape is not checked at build time nor by the database. Give a json"
                    + " channel message or class, not both.")
            .example("com.acme.events.LegacyEvent")
            .onlyFor(EnumSet.of(PayloadType.JSON))
            .build();

    /** {@code description}: the Javadoc of the generated class. */
    public static final Setting<String> DESCRIPTION = Setting.builder("description", new Prose())
            .meaning("What the channel carries; becomes the Javadoc of the generated class.")
            .example("Emails to send once an order commits.")
            .fix("write a sentence about the channel, or remove the key")
            .notInJavadoc()
            .build();

    /** {@code grants.send}: roles that may send. */
    public static final Setting<List<String>> GRANTS_SEND = Setting.builder("grants.send", new RoleList())
            .meaning("Roles that may send: pg_mq_grant_send for each added role, pg_mq_revoke_send for each removed"
                    + " one. A role that does not exist fails the migration.")
            .example("[shop_app]")
            .byDefault("none")
            .lock("send")
            .whenAbsent(List.of())
            .grantSql("pg_mq_grant_send", "pg_mq_revoke_send")
            .build();

    /** {@code grants.receive}: roles that may receive. */
    public static final Setting<List<String>> GRANTS_RECEIVE = Setting.builder("grants.receive", new RoleList())
            .meaning("Roles that may receive (receive, claim, ack, nack): pg_mq_grant_receive for each added role,"
                    + " pg_mq_revoke_receive for each removed one. A role that does not exist fails the migration.")
            .example("[mailer]")
            .byDefault("none")
            .lock("receive")
            .whenAbsent(List.of())
            .grantSql("pg_mq_grant_receive", "pg_mq_revoke_receive")
            .build();

    /** {@code grants}: the send and receive roles. */
    public static final Block GRANTS = new Block("grants",
            "Roles allowed to send and receive; the migration grants what was added and revokes what was removed.",
            "{ send: [shop_app], receive: [mailer] }", List.of(GRANTS_SEND, GRANTS_RECEIVE), Optional.empty(),
            EnumSet.allOf(PayloadType.class));

    /** {@code max_attempts}: deliveries before a message is dead. */
    public static final Setting<Integer> MAX_ATTEMPTS = Setting.builder("max_attempts",
                    new WholeNumber(1, 1000))
            .meaning("Deliveries before a message becomes a dead letter (pgmq core allows 1..1000).")
            .example("5")
            .byDefault("the database's, 5")
            .lock("max_attempts")
            .removalRefused()
            .sql(ALTER_CHANNEL, "in_max_attempts")
            .build();

    /** {@code backoff.base}: the first retry delay. */
    public static final Setting<Duration> BACKOFF_BASE = Setting.builder("backoff.base", new Span())
            .meaning("The first retry delay after a failed delivery; each retry doubles it, up to max.")
            .example("1s")
            .byDefault("the database's, 1 second")
            .lock("backoff_base")
            .removalRefused()
            .sql(ALTER_CHANNEL, "in_backoff_base")
            .build();

    /** {@code backoff.max}: the longest retry delay. */
    public static final Setting<Duration> BACKOFF_MAX = Setting.builder("backoff.max", new Span())
            .meaning("The longest retry delay.")
            .example("5m")
            .byDefault("the database's, 5 minutes")
            .lock("backoff_max")
            .removalRefused()
            .sql(ALTER_CHANNEL, "in_backoff_max")
            .build();

    /** {@code backoff}: the retry delays. */
    public static final Block BACKOFF = new Block("backoff",
            "Retry delay after a failed delivery, growing from base to max (with jitter between half and all of it).",
            "{ base: 1s, max: 5m }", List.of(BACKOFF_BASE, BACKOFF_MAX),
            Optional.of(new Block.Bound(BACKOFF_BASE, BACKOFF_MAX)), EnumSet.allOf(PayloadType.class));

    /** {@code lease}: how long a claim hides a message. */
    public static final Setting<Duration> LEASE = Setting.builder("lease", new Span())
            .meaning("How long a claimed message stays leased to its consumer before another may take it.")
            .example("30s")
            .byDefault("the database's, 30 seconds")
            .lock("lease")
            .removalRefused()
            .sql(ALTER_CHANNEL, "in_lease")
            .build();

    /** {@code keep_acked}: whether an ack keeps the message until retention. */
    public static final Setting<Boolean> KEEP_ACKED = Setting.builder("keep_acked", new Flag())
            .meaning("What an ack does: false deletes the message; true keeps it, marked delivered, until pg_mq_purge"
                    + " deletes it after retention.done (an audit trail).")
            .example("true")
            .byDefault("the database's, false")
            .lock("keep_acked")
            .removalRefused()
            .sql(ALTER_CHANNEL, "in_keep_acked", "V6")
            .build();

    /** {@code fillfactor}: how full the queue table fills its pages. */
    public static final Setting<Integer> FILLFACTOR = Setting.builder("fillfactor", new WholeNumber(10, 100))
            .meaning("How full the queue table fills its pages. Tables are created with 45, which leaves room for"
                    + " lease claims' in-place (HOT) updates; 100 packs the pages for channels consumed only with"
                    + " locked claims (Channel.claimLocked, a Consumer's transactionalHandler), measured about twice"
                    + " as fast for claim + complete. Applies to pages filled from then on.")
            .example("100")
            .byDefault("45, as tables are created")
            .fix("use 45 (the default) for lease claims or 100 for channels consumed only with locked claims")
            .lock("fillfactor")
            .removalRefused()
            .sql(SET_FILLFACTOR)
            .build();

    /** {@code retention.done}: how long finished messages are kept. */
    public static final Setting<Duration> RETENTION_DONE = Setting.builder("retention.done", new Span())
            .meaning("How long acked (with keep_acked) and delivered messages are kept, counted from sending.")
            .example("7d")
            .byDefault("the database's, 7 days")
            .lock("retention")
            .removalRefused()
            .sql(SET_RETENTION, "in_retention")
            .build();

    /** {@code retention.dead}: how long dead letters are kept. */
    public static final Setting<Duration> RETENTION_DEAD = Setting.builder("retention.dead", new Span())
            .meaning("How long dead letters are kept, counted from when they died.")
            .example("30d")
            .byDefault("the database's, 30 days")
            .lock("dead_retention")
            .removalRefused()
            .sql(SET_RETENTION, "in_dead_retention")
            .build();

    /** {@code retention}: how long pg_mq_purge keeps finished messages. */
    public static final Block RETENTION = new Block("retention",
            "How long pg_mq_purge (run by consumers) keeps finished messages. An unset value keeps the database's"
                    + " default or whatever it was set to by hand; only changed values are passed.",
            "{ done: 7d, dead: 30d }", List.of(RETENTION_DONE, RETENTION_DEAD), Optional.empty(),
            EnumSet.allOf(PayloadType.class));

    /** {@code notify}: when sends NOTIFY the channel's listeners. */
    public static final Setting<NotifyMode> NOTIFY = Setting.builder("notify",
                    new Choice<>(List.of(NotifyMode.values()), NotifyMode::manifestName, "modes"))
            .meaning("When sends NOTIFY the channel's listeners: always (every send), when_idle (only while a"
                    + " consumer is registered idle, so busy consumers keep NOTIFY off the producers' commits; the"
                    + " poll interval bounds a missed wake-up) or never (consumers poll).")
            .example("when_idle")
            .byDefault("always")
            .lock("notify")
            .removalResetsTo(NotifyMode.ALWAYS)
            .sql(SET_NOTIFY_MODE)
            .build();

    /** {@code dedup_window}: how long a deduplication key stays taken after its message is done. */
    public static final Setting<Duration> DEDUP_WINDOW = Setting.builder("dedup_window", new Span())
            .meaning("How long a deduplication key (SendOptions.dedupKey, pg_mq_send_message's in_dedup_key) stays"
                    + " taken after its message is done (acked, completed or delivered), counted from the send: a send"
                    + " of that key meanwhile inserts nothing and returns the first message's id, so \"once a day\" is"
                    + " 1d. Retention keeps such a message until its window has passed. Removing the key sets it"
                    + " back to 0.")
            .example("1d")
            .byDefault("0: a key is free again once its message is done")
            .lock("dedup_window")
            .removalResetsTo(Duration.ZERO)
            .sql(SET_DEDUP_WINDOW)
            .build();

    /** {@code rabbitmq.direction}: which way the channel's RabbitMQ gateway moves messages. */
    public static final Setting<GatewayDirection> RABBITMQ_DIRECTION = Setting.builder("rabbitmq.direction",
                    new Choice<>(List.of(GatewayDirection.values()), GatewayDirection::manifestName, "directions"))
            .meaning("outbound: the channel's committed messages go to an exchange (pgmq-rabbitmq's Outbound:"
                    + " publisher confirms, then the ack in PostgreSQL); inbound: a queue's messages come into the"
                    + " channel (Inbound: the commit, then the ack to the broker). The channel class gets a"
                    + " rabbitmqOutbound or rabbitmqInbound method that returns the gateway's builder with these"
                    + " settings; the project needs the io.pgmq:pgmq-rabbitmq dependency.")
            .example("outbound")
            .fix("write direction: outbound (with exchange) or direction: inbound (with queue)")
            .build();

    /** {@code rabbitmq.exchange}: where an outbound gateway publishes. */
    public static final Setting<String> RABBITMQ_EXCHANGE = Setting.builder("rabbitmq.exchange",
                    new AmqpName(false, true))
            .meaning("Outbound only: the exchange to publish to (\"\" is the default exchange, which routes by queue"
                    + " name).")
            .example("shop.events")
            .build();

    /** {@code rabbitmq.routing_key}: the routing key of every message an outbound gateway publishes. */
    public static final Setting<String> RABBITMQ_ROUTING_KEY = Setting.builder("rabbitmq.routing_key",
                    new AmqpName(true, true))
            .meaning("Outbound only: the routing key of every message (a key per message is set in code, on the"
                    + " builder).")
            .example("order.email")
            .byDefault("\"\"")
            .build();

    /** {@code rabbitmq.queue}: what an inbound gateway consumes. */
    public static final Setting<String> RABBITMQ_QUEUE = Setting.builder("rabbitmq.queue", new AmqpName(false, false))
            .meaning("Inbound only: the queue to consume; declare it on the broker (with a dead-letter exchange for"
                    + " the messages the channel refuses).")
            .example("payments.in")
            .build();

    /** {@code rabbitmq.batch}: messages per confirm batch (outbound) or per transaction (inbound). */
    public static final Setting<Integer> RABBITMQ_BATCH = Setting.builder("rabbitmq.batch", new WholeNumber(1, 1000))
            .meaning("Outbound: messages claimed, published and confirmed together; inbound: messages stored in one"
                    + " transaction at most.")
            .example("100")
            .byDefault("100")
            .build();

    /** {@code rabbitmq}: the channel's gateway to RabbitMQ. */
    public static final Block RABBITMQ = new Block("rabbitmq",
            "A gateway between the channel and RabbitMQ (module pgmq-rabbitmq), generated as a builder method on the"
                    + " channel class; start it in code with a DataSource and an amqp-client ConnectionFactory."
                    + " Outbound takes exchange and routing_key, inbound takes queue.",
            "{ direction: outbound, exchange: shop.events, routing_key: order.email, batch: 100 }",
            List.of(RABBITMQ_DIRECTION, RABBITMQ_EXCHANGE, RABBITMQ_ROUTING_KEY, RABBITMQ_QUEUE, RABBITMQ_BATCH),
            Optional.empty(), EnumSet.allOf(PayloadType.class));

    /** {@code retired}: the channel is to be dropped. */
    public static final Setting<Boolean> RETIRED = Setting.builder("retired", new Flag())
            .meaning("Marks the channel for dropping: its class is no longer generated and make-migrations writes a"
                    + " migration that drops its table, refusing to run while it holds messages. Stop producers and"
                    + " drain the channel first; remove the entry once that migration ran everywhere.")
            .example("true")
            .byDefault("false")
            .fix("write retired: true or remove the key")
            .notInJavadoc()
            .build();

    /** The keys of a channel entry, in the order of the reference and of the generated Javadoc. */
    public static final List<ChannelKey> CHANNEL = List.of(TYPE, MESSAGE, CLASS, DESCRIPTION, GRANTS, MAX_ATTEMPTS, BACKOFF, LEASE,
            KEEP_ACKED, FILLFACTOR, RETENTION, NOTIFY, DEDUP_WINDOW, RABBITMQ, RETIRED);

    /** Every setting of a channel entry, blocks opened, in table order. */
    public static final List<Setting<?>> CHANNEL_SETTINGS = settings(CHANNEL);

    /** The settings the lock file records for each channel, in the lock file's order. */
    public static final List<Setting<?>> LOCKED = CHANNEL_SETTINGS.stream().filter(s -> s.lockKey().isPresent())
            .toList();

    /** The keys of a channel entry as the manifest writes them at its first level. */
    public static List<String> channelKeys() {
        return CHANNEL.stream().map(ChannelKey::key).toList();
    }

    private static List<Setting<?>> settings(List<ChannelKey> keys) {
        List<Setting<?>> out = new ArrayList<>();
        for (ChannelKey key : keys) {
            if (key instanceof Block block) {
                out.addAll(block.members());
            } else {
                out.add((Setting<?>) key);
            }
        }
        return List.copyOf(out);
    }
}
