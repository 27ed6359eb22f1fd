package io.pgmq.bench;

import io.pgmq.Delivery;
import io.pgmq.JsonChannel;
import io.pgmq.LockedDelivery;
import io.pgmq.Pgmq;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 16's json channel targets, each against raw JDBC on a jsonb table of the channel's shape with the same
 * per-row {@code pg_mq_notify} trigger, with a plain Jackson {@link ObjectMapper} doing the raw side's JSON:
 * typed send (a record through {@code JsonCodec.jackson}, serialisation included) against an {@code INSERT} of the
 * mapper's JSON; the same send to a channel whose json contract CHECKs the six fields, against the same {@code
 * INSERT} without constraints; and claims of 100, decoded to records, against the raw {@code SELECT ... FOR UPDATE
 * SKIP LOCKED} loop decoding each payload with the mapper. Target: pgmq >= 0.85x raw.
 */
final class JsonBench implements Scenario {

    static final double TARGET = 0.85;
    private static final String SEND = "bench_json_send";
    private static final String CHECKED = "bench_json_checked";
    private static final String CLAIM = "bench_json_claim";
    private static final String LOCKED = "bench_json_locked";
    private static final String RAW_SEND = "raw_json_send";
    private static final String RAW_CLAIM = "raw_json_claim";

    /** A domain event of the size an application sends: six fields, a list of two lines. */
    record OrderPlaced(long orderId, String email, BigDecimal total, Instant placedAt, List<OrderLine> lines,
                       String coupon) {
    }

    record OrderLine(String sku, int quantity) {
    }

    static final OrderPlaced ORDER = new OrderPlaced(1_234_567L, "ann@example.com", new BigDecimal("59.90"),
            Instant.parse("2026-12-05T10:15:30Z"), List.of(new OrderLine("tea-earl-grey", 2),
            new OrderLine("cup-white", 1)), null);

    /** OrderPlaced's contract, as the code generator writes it for a manifest message (coupon optional). */
    static final String CONTRACT = "{\"message\": \"OrderPlaced\", \"fields\": {"
            + "\"orderId\": {\"type\": \"number\", \"required\": true},"
            + " \"email\": {\"type\": \"string\", \"required\": true},"
            + " \"total\": {\"type\": \"number\", \"required\": true},"
            + " \"placedAt\": {\"type\": \"string\", \"required\": true},"
            + " \"lines\": {\"type\": \"array\", \"required\": true},"
            + " \"coupon\": {\"type\": \"string\", \"required\": false}}}";

    private final ObjectMapper mapper = JsonMapper.builder().build();

    @Override
    public List<Row> run(DataSource dataSource, Settings settings, PrintStream progress)
            throws SQLException, InterruptedException {
        try (Connection c = dataSource.getConnection()) {
            for (String channel : List.of(SEND, CHECKED, CLAIM, LOCKED)) {
                exec(c, "SELECT pg_mq_create_queue(?, 'jsonb')", channel);
            }
            exec(c, "SELECT pg_mq_set_json_contract(?, ?::jsonb)", CHECKED, CONTRACT);
            BaselineSql.setFillfactor(c, LOCKED, 100);
            for (String raw : List.of(RAW_SEND, RAW_CLAIM)) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE " + BaselineSql.quoted(raw) + " (LIKE pg_mq_shape_jsonb INCLUDING ALL)");
                    s.execute("CREATE TRIGGER pg_mq_notify AFTER INSERT ON " + BaselineSql.quoted(raw)
                            + " FOR EACH ROW EXECUTE FUNCTION pg_mq_notify('" + raw + "')");
                }
            }
        }
        JsonChannel<OrderPlaced> send = JsonChannel.of("public", SEND, OrderPlaced.class);
        JsonChannel<OrderPlaced> checked = JsonChannel.of("public", CHECKED, OrderPlaced.class);
        JsonChannel<OrderPlaced> claim = JsonChannel.of("public", CLAIM, OrderPlaced.class);
        JsonChannel<OrderPlaced> locked = JsonChannel.of("public", LOCKED, OrderPlaced.class);
        String json = mapper.writeValueAsString(ORDER);
        List<Row> rows = new ArrayList<>();

        String scenario = "json send (record → jsonb, Jackson), 1 session, vs raw INSERT of ObjectMapper JSON";
        double[][] rates = Rounds.measure(scenario, List.of(
                new Rounds.Side("pgmq", 1, c -> BaselineSql.truncate(c, send.tableName()), c -> pgmqSend(c, send)),
                new Rounds.Side("raw", 1, c -> BaselineSql.truncate(c, RAW_SEND), this::rawSend)),
                dataSource, settings, progress);
        rows.add(Rounds.ratioRow(scenario, "msg/s", rates[0], rates[1], TARGET, "payload " + json.length()
                + " bytes of JSON; both sides serialise the same record on every send"));

        scenario = "json send to a contract-checked channel, 1 session, vs the same INSERT without constraints";
        // a third side, the same send to the channel without a contract, shows the constraints' own cost
        rates = Rounds.measure(scenario, List.of(
                new Rounds.Side("pgmq", 1, c -> BaselineSql.truncate(c, checked.tableName()),
                        c -> pgmqSend(c, checked)),
                new Rounds.Side("raw", 1, c -> BaselineSql.truncate(c, RAW_SEND), this::rawSend),
                new Rounds.Side("pgmq without contract", 1, c -> BaselineSql.truncate(c, send.tableName()),
                        c -> pgmqSend(c, send))),
                dataSource, settings, progress);
        double[] checkedOverPlain = new double[rates[0].length];
        for (int round = 0; round < checkedOverPlain.length; round++) {
            checkedOverPlain[round] = rates[0][round] / rates[2][round];
        }
        rows.add(Rounds.ratioRow(scenario, "msg/s", rates[0], rates[1], TARGET, String.format(Locale.ROOT,
                "one CHECK pgmq_OrderPlaced calling the channel's generated function (6 fields: 5 required, 1"
                        + " optional); the same send to"
                        + " the channel without a contract in the same rounds: %,.0f msg/s, checked / unchecked"
                        + " %.3fx (median of the rounds' ratios)", Bench.median(rates[2]),
                Bench.median(checkedOverPlain))));

        int backlog = settings.backlog();
        scenario = "json claimLocked + complete by 100, decoded, 1 consumer, vs raw SKIP LOCKED loop + ObjectMapper";
        rates = Rounds.measure(scenario, List.of(
                new Rounds.Side("pgmq", 1, c -> refill(c, locked.tableName(), backlog, json),
                        c -> pgmqClaimLocked(c, locked)),
                new Rounds.Side("raw", 1, c -> refill(c, RAW_CLAIM, backlog, json), this::rawClaim)),
                dataSource, settings, progress);
        rows.add(Rounds.ratioRow(scenario, "msg/s", rates[0], rates[1], TARGET, "backlog of "
                + String.format(Locale.ROOT, "%,d", backlog) + " before each run"));

        scenario = "json claim + ack by 100, decoded, 1 consumer, vs raw SKIP LOCKED loop + ObjectMapper";
        rates = Rounds.measure(scenario, List.of(
                new Rounds.Side("pgmq", 1, c -> refill(c, claim.tableName(), backlog, json),
                        c -> pgmqClaim(c, claim)),
                new Rounds.Side("raw", 1, c -> refill(c, RAW_CLAIM, backlog, json), this::rawClaim)),
                dataSource, settings, progress);
        rows.add(Rounds.ratioRow(scenario, "msg/s", rates[0], rates[1], TARGET, "a lease claim and its ack are two"
                + " transactions that each write the message; see the text channel's claim + ack rows for the"
                + " lease's own cost"));
        return rows;
    }

    @Override
    public String sides(Settings settings) {
        return "json: a `JsonChannel<OrderPlaced>` (`JsonChannel.of(schema, name, OrderPlaced.class)`, Jackson 3"
                + " data binding; a record of six fields with a list of two lines) against raw JDBC on a table"
                + " `LIKE pg_mq_shape_jsonb INCLUDING ALL` with the same `pg_mq_notify` trigger, a plain Jackson"
                + " `ObjectMapper` writing and reading the raw side's JSON. Send: `send(tx, record)` autocommit against"
                + " `mapper.writeValueAsString(record)` and a prepared `INSERT ... VALUES (?::jsonb) RETURNING msg_id`;"
                + " the checked send is the same to a channel with `pg_mq_set_json_contract` (the record's six fields),"
                + " against the same raw INSERT with no constraint, and beside the unchecked send in the same rounds."
                + " Claims: `claimLocked(tx, 100)` + `complete` + `COMMIT`, and `claim(tx, 100, 5 min)` + `ack`, each message decoded to the record, against `SELECT"
                + " msg_id, payload ... ORDER BY msg_id LIMIT 100 FOR UPDATE SKIP LOCKED`, `mapper.readValue(payload,"
                + " OrderPlaced.class)` for each row, `DELETE ... WHERE msg_id = ANY(?)`, `COMMIT`; each run from a"
                + " fresh backlog (vacuumed, analyzed); tables truncated before every send run.";
    }

    private static Load.Op pgmqSend(Connection c, JsonChannel<OrderPlaced> channel) {
        DSLContext tx = Pgmq.using(c);
        return () -> {
            channel.send(tx, ORDER);
            return 1;
        };
    }

    /** The raw send: serialise with the mapper, a prepared INSERT ... RETURNING msg_id, read the id. */
    private Load.Op rawSend(Connection c) throws SQLException {
        PreparedStatement insert = c.prepareStatement("INSERT INTO " + BaselineSql.quoted(RAW_SEND)
                + " (payload) VALUES (?::jsonb) RETURNING msg_id");
        return () -> {
            insert.setString(1, mapper.writeValueAsString(ORDER));
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                rs.getLong(1);
            }
            return 1;
        };
    }

    private static Load.Op pgmqClaimLocked(Connection c, JsonChannel<OrderPlaced> channel) throws SQLException {
        c.setAutoCommit(false);
        DSLContext tx = Pgmq.using(c);
        return () -> {
            List<LockedDelivery<OrderPlaced>> batch = channel.claimLocked(tx, Bench.CLAIM_BATCH);
            if (!batch.isEmpty()) {
                channel.complete(tx, batch);
            }
            c.commit();
            return batch.size();
        };
    }

    private static Load.Op pgmqClaim(Connection c, JsonChannel<OrderPlaced> channel) {
        DSLContext tx = Pgmq.using(c);
        return () -> {
            List<Delivery<OrderPlaced>> batch = channel.claim(tx, Bench.CLAIM_BATCH, Bench.LEASE);
            if (batch.isEmpty()) {
                return 0;
            }
            channel.ack(tx, batch);
            return batch.size();
        };
    }

    /** The raw loop: SELECT ... FOR UPDATE SKIP LOCKED, decode each payload with the mapper, DELETE, COMMIT. */
    private Load.Op rawClaim(Connection c) throws SQLException {
        c.setAutoCommit(false);
        PreparedStatement select = BaselineSql.selectForUpdateSkipLocked(c, RAW_CLAIM);
        select.setInt(1, Bench.CLAIM_BATCH);
        PreparedStatement delete = BaselineSql.deleteByIds(c, RAW_CLAIM);
        return () -> {
            List<Long> ids = new ArrayList<>(Bench.CLAIM_BATCH);
            List<OrderPlaced> decoded = new ArrayList<>(Bench.CLAIM_BATCH);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                    decoded.add(mapper.readValue(rs.getString(2), OrderPlaced.class));
                }
            }
            if (ids.isEmpty()) {
                c.commit();
                return 0;
            }
            Array array = c.createArrayOf("bigint", ids.toArray());
            delete.setArray(1, array);
            delete.executeUpdate();
            c.commit();
            return decoded.size();
        };
    }

    /** As {@link BaselineSql#refill}, for a jsonb table: {@code rows} copies of {@code json}, vacuumed and analyzed. */
    private static void refill(Connection c, String table, int rows, String json) throws SQLException {
        BaselineSql.truncate(c, table);
        String quoted = BaselineSql.quoted(table);
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE " + quoted + " DISABLE TRIGGER USER");
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO " + quoted + " (payload) SELECT ?::jsonb FROM generate_series(1, ?)")) {
            ps.setString(1, json);
            ps.setInt(2, rows);
            ps.executeUpdate();
        }
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE " + quoted + " ENABLE TRIGGER USER");
            s.execute("VACUUM (ANALYZE) " + quoted);
        }
    }

    private static void exec(Connection c, String sql, String... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            ps.execute();
        }
    }
}
