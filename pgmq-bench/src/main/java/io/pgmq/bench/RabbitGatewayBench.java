package io.pgmq.bench;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import io.pgmq.TextChannel;
import io.pgmq.rabbitmq.Inbound;
import io.pgmq.rabbitmq.Outbound;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;

/**
 * The RabbitMQ gateway (issue 19) against the broker on the same machine: outbound, a backlog of a channel published
 * with confirms and acked, against a bare amqp-client publisher publishing the same messages with confirms in the
 * same batch size (the broker's own floor); inbound, a queue's messages stored in a channel and acked after commit,
 * against a bare consumer that inserts the same messages into a table and commits per batch. Each run moves the
 * same number of messages; the rate is messages over the time from start to the last one done. The broker is
 * {@code PGMQ_BENCH_AMQP_URI}, else {@code amqp://guest:guest@127.0.0.1:5672}.
 */
final class RabbitGatewayBench implements Scenario {

    static final double TARGET = 0.7;
    private static final int BATCH = 100;
    private static final int PREFETCH = 250;
    /** The gateway's per-batch code runs 200 times a round: one warm-up round leaves the JIT at work (see sides()). */
    private static final int WARM_UP_ROUNDS = 3;
    private static final String OUT_CHANNEL = "bench_rabbit_out";
    private static final String IN_CHANNEL = "bench_rabbit_in";
    private static final String RAW_IN = "raw_rabbit_in";
    private static final String OUT_QUEUE = "pgmq-bench-out";
    private static final String IN_QUEUE = "pgmq-bench-in";
    private static final String PAYLOAD = "x".repeat(64);
    private static final Duration DEADLINE = Duration.ofMinutes(5);

    @Override
    public List<Row> run(DataSource dataSource, Settings settings, PrintStream progress) throws Exception {
        ConnectionFactory amqp = broker();
        int messages = settings.smoke() ? 500 : 20_000;
        try (Connection c = dataSource.getConnection()) {
            BaselineSql.createChannel(c, OUT_CHANNEL);
            BaselineSql.createChannel(c, IN_CHANNEL);
            BaselineSql.createRawTable(c, RAW_IN);
        }
        try (var connection = amqp.newConnection("pgmq-bench"); var ch = connection.createChannel()) {
            // durable, as the gateway's deployments need (docs/rabbitmq.md): its confirm is what lets it delete the
            // message from PostgreSQL; a queue of an earlier run (transient before 2026-12-05) is replaced
            ch.queueDelete(OUT_QUEUE);
            ch.queueDeclare(OUT_QUEUE, true, false, false, null);
            ch.queueDeclare(IN_QUEUE, false, false, false, null);
        }
        double[] outPgmq = new double[settings.rounds()];
        double[] outRaw = new double[settings.rounds()];
        double[] inPgmq = new double[settings.rounds()];
        double[] inRaw = new double[settings.rounds()];
        double[] ceiling = new double[settings.rounds()];
        Optional<ProcessCpu> cpu = ProcessCpu.of(dataSource);
        CpuTotals cpuPgmq = new CpuTotals();
        CpuTotals cpuRaw = new CpuTotals();
        CpuTotals cpuCeiling = new CpuTotals();
        for (int round = -WARM_UP_ROUNDS; round < settings.rounds(); round++) {  // negative rounds warm up
            boolean pgmqFirst = round % 2 == 0;
            for (int side = 0; side < 2; side++) {
                boolean pgmq = (side == 0) == pgmqFirst;
                CpuTotals spent = round >= 0 ? (pgmq ? cpuPgmq : cpuRaw) : new CpuTotals();
                double out = pgmq ? outboundPgmq(dataSource, amqp, messages, cpu, spent)
                        : outboundRaw(amqp, messages, cpu, spent);
                double in = pgmq ? inboundPgmq(dataSource, amqp, messages) : inboundRaw(dataSource, amqp, messages);
                progress.printf(Locale.ROOT, "%s  rabbitmq gateway %-5s outbound %,10.0f msg/s  inbound %,10.0f msg/s%n",
                        round < 0 ? "warm-up   " : "round " + (round + 1) + "/" + settings.rounds(),
                        pgmq ? "pgmq" : "raw", out, in);
                if (round >= 0) {
                    (pgmq ? outPgmq : outRaw)[round] = out;
                    (pgmq ? inPgmq : inRaw)[round] = in;
                }
            }
            double drained = claimCeiling(dataSource, messages, cpu, round >= 0 ? cpuCeiling : new CpuTotals());
            progress.printf(Locale.ROOT, "%s  rabbitmq gateway: a Consumer with a no-op batch handler drains %,10.0f"
                    + " msg/s%n", round < 0 ? "warm-up   " : "round " + (round + 1) + "/" + settings.rounds(), drained);
            if (round >= 0) {
                ceiling[round] = drained;
            }
        }
        try (var connection = amqp.newConnection("pgmq-bench"); var ch = connection.createChannel()) {
            ch.queueDelete(OUT_QUEUE);
            ch.queueDelete(IN_QUEUE);
        }
        String note = String.format(Locale.ROOT, "%,d messages of 64 bytes per run, batch %d, prefetch %d, one "
                + "in-flight batch; broker and PostgreSQL on this host", messages, BATCH, PREFETCH);
        double ceilingRate = Bench.median(ceiling);
        String outNote = note + String.format(Locale.ROOT, "; the ceiling without the broker: a Consumer with a no-op "
                + "batch handler drains the same backlog at %,.0f msg/s (%.2fx the bare publisher)", ceilingRate,
                ceilingRate / Bench.median(outRaw));
        if (cpu.isPresent()) {
            outNote += "; CPU per 1,000 messages, all rounds: bare publisher " + cpuRaw.describe(true, false)
                    + "; gateway " + cpuPgmq.describe(true, true) + "; no-op consumer "
                    + cpuCeiling.describe(false, true);
        }
        return List.of(
                Rounds.ratioRow("RabbitMQ outbound gateway vs bare publisher with confirms", "msg/s", outPgmq, outRaw,
                        TARGET, outNote),
                Rounds.ratioRow("RabbitMQ inbound gateway vs bare consumer inserting per batch", "msg/s", inPgmq,
                        inRaw, TARGET, note));
    }

    @Override
    public String sides(Settings settings) {
        return "RabbitMQ gateway (pgmq sides on a pool of connections, as applications run them; the raw sides on "
                + "one connection each): outbound, pgmq `Outbound` (a `Consumer` claiming 100, the next hundred "
                + "claimed while the broker confirms these, publishing them with mandatory routing and confirms, "
                + "acking after the confirms) draining a backlog of the channel into a durable queue, against a bare "
                + "amqp-client publisher that publishes the same messages (body and properties) 100 at a time and "
                + "waits for each hundred's confirms; both sides wait on in-process counters, and the outbound row's "
                + "note gives the CPU each side's processes spent (broker, PostgreSQL, client; Linux /proc); "
                + "inbound, pgmq `Inbound` (prefetch 250, 100 per transaction, acks after commit) against a bare "
                + "consumer with the same prefetch that inserts 100 at a time into a table of the channel shape "
                + "(`unnest`), commits, and acks them with one multiple ack. Broker: `PGMQ_BENCH_AMQP_URI`, else the "
                + "machine's on 127.0.0.1:5672. The outbound row's note also gives what a `Consumer` with a no-op batch handler (claiming ahead the same way) does with the same backlog. "
                + "Three warm-up rounds before the measured ones: the gateway's per-batch code runs 200 times a "
                + "round, and a single warm-up round left the JIT at work through the first measured rounds (the "
                + "gateway's client CPU fell from 22-26 to 14-18 ms per 1,000 messages with three).";
    }

    private static ConnectionFactory broker() throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        String uri = System.getenv("PGMQ_BENCH_AMQP_URI");
        f.setUri(uri == null || uri.isBlank() ? "amqp://guest:guest@127.0.0.1:5672" : uri);
        return f;
    }

    private static double outboundPgmq(DataSource dataSource, ConnectionFactory amqp, int messages,
                                       Optional<ProcessCpu> cpu, CpuTotals spent) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            BaselineSql.refill(c, TextChannel.of(OUT_CHANNEL).tableName(), messages, PAYLOAD);
        }
        purge(amqp, OUT_QUEUE);
        Optional<ProcessCpu.Sample> before = cpu.map(ProcessCpu::sample);
        long start = System.nanoTime();
        try (ConnectionPool pool = new ConnectionPool(dataSource, 4);
             Outbound<String> out = Outbound.builder(TextChannel.of(OUT_CHANNEL), pool, amqp).exchange("")
                .routingKey(OUT_QUEUE).batchSize(BATCH).start()) {
            await(() -> out.stats().confirmed() >= messages);
            double rate = messages / seconds(start);
            spent.add(before, cpu, messages);
            out.close();  // waits for the last batch's ack
            requireDrained(dataSource, messages);
            return rate;
        }
    }

    /** What the consumer machinery alone does with the outbound backlog: claims of 100, a no-op handler, acks. */
    private static double claimCeiling(DataSource dataSource, int messages, Optional<ProcessCpu> cpu,
                                       CpuTotals spent) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            BaselineSql.refill(c, TextChannel.of(OUT_CHANNEL).tableName(), messages, PAYLOAD);
        }
        LongAdder handled = new LongAdder();
        Optional<ProcessCpu.Sample> before = cpu.map(ProcessCpu::sample);
        long start = System.nanoTime();
        try (ConnectionPool pool = new ConnectionPool(dataSource, 4);
             io.pgmq.Consumer<String> consumer = io.pgmq.Consumer.builder(TextChannel.of(OUT_CHANNEL), pool)
                     .batchSize(BATCH).concurrency(1).claimAhead(1).batchHandler(batch -> handled.add(batch.size()))
                     .start()) {
            await(() -> handled.sum() >= messages);
            double rate = messages / seconds(start);
            spent.add(before, cpu, messages);
            consumer.close();  // waits for the last batch's ack
            requireDrained(dataSource, messages);
            return rate;
        }
    }

    private static double outboundRaw(ConnectionFactory amqp, int messages, Optional<ProcessCpu> cpu,
                                      CpuTotals spent) throws Exception {
        purge(amqp, OUT_QUEUE);
        byte[] body = PAYLOAD.getBytes(StandardCharsets.UTF_8);
        java.util.Date sentAt = new java.util.Date();
        Optional<ProcessCpu.Sample> before = cpu.map(ProcessCpu::sample);
        long start = System.nanoTime();
        try (var connection = amqp.newConnection("pgmq-bench-raw"); var ch = connection.createChannel()) {
            ch.confirmSelect();
            for (int i = 0; i < messages; i++) {
                // the properties the gateway sets on a message without headers of its own
                ch.basicPublish("", OUT_QUEUE, true, new AMQP.BasicProperties.Builder()
                        .messageId(OUT_CHANNEL + ":" + (i + 1)).contentType("text/plain; charset=utf-8")
                        .deliveryMode(2).timestamp(sentAt).appId("pgmq").build(), body);
                if ((i + 1) % BATCH == 0 || i == messages - 1) {
                    ch.waitForConfirmsOrDie(DEADLINE.toMillis());
                }
            }
            double rate = messages / seconds(start);
            spent.add(before, cpu, messages);
            return rate;
        }
    }

    private static double inboundPgmq(DataSource dataSource, ConnectionFactory amqp, int messages) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            BaselineSql.truncate(c, TextChannel.of(IN_CHANNEL).tableName());
        }
        fill(amqp, messages);
        long start = System.nanoTime();
        try (ConnectionPool pool = new ConnectionPool(dataSource, 2);
             Inbound<String> in = Inbound.builder(amqp, IN_QUEUE, TextChannel.of(IN_CHANNEL), pool)
                .batchSize(BATCH).prefetch(PREFETCH).start()) {
            await(() -> in.stats().stored() >= messages);
            return messages / seconds(start);
        }
    }

    private static double inboundRaw(DataSource dataSource, ConnectionFactory amqp, int messages) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            BaselineSql.truncate(c, RAW_IN);
        }
        fill(amqp, messages);
        long start = System.nanoTime();
        try (var connection = amqp.newConnection("pgmq-bench-raw"); var ch = connection.createChannel();
             Connection db = dataSource.getConnection()) {
            db.setAutoCommit(false);
            BlockingQueue<long[]> tags = new LinkedBlockingQueue<>();
            BlockingQueue<String> bodies = new LinkedBlockingQueue<>();
            ch.basicQos(PREFETCH);
            ch.basicConsume(IN_QUEUE, false, new DefaultConsumer(ch) {
                @Override
                public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties,
                                           byte[] body) {
                    bodies.add(new String(body, StandardCharsets.UTF_8));
                    tags.add(new long[] {envelope.getDeliveryTag()});
                }
            });
            PreparedStatement insert = db.prepareStatement("INSERT INTO " + BaselineSql.quoted(RAW_IN)
                    + " (payload) SELECT unnest(?::text[])");
            int stored = 0;
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (stored < messages && System.nanoTime() < deadline) {
                long[] first = tags.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                List<long[]> batchTags = new ArrayList<>(List.of(first));
                tags.drainTo(batchTags, BATCH - 1);
                List<String> batch = new ArrayList<>(batchTags.size());
                bodies.drainTo(batch, batchTags.size());
                insert.setArray(1, db.createArrayOf("text", batch.toArray()));
                insert.executeUpdate();
                db.commit();
                ch.basicAck(batchTags.get(batchTags.size() - 1)[0], true);
                stored += batch.size();
            }
            return messages / seconds(start);
        }
    }

    private static void fill(ConnectionFactory amqp, int messages) throws Exception {
        byte[] body = PAYLOAD.getBytes(StandardCharsets.UTF_8);
        purge(amqp, IN_QUEUE);
        try (var connection = amqp.newConnection("pgmq-bench-fill"); var ch = connection.createChannel()) {
            ch.confirmSelect();
            for (int i = 0; i < messages; i++) {
                ch.basicPublish("", IN_QUEUE, new AMQP.BasicProperties.Builder().messageId("in:" + i).build(), body);
            }
            ch.waitForConfirmsOrDie(DEADLINE.toMillis());
        }
    }

    private static void purge(ConnectionFactory amqp, String queue) throws Exception {
        try (var connection = amqp.newConnection("pgmq-bench"); var ch = connection.createChannel()) {
            ch.queuePurge(queue);
        }
    }

    /** The CPU one side spent over the rounds ({@link ProcessCpu}), and how many messages it moved. */
    private static final class CpuTotals {

        private ProcessCpu.Sample from = new ProcessCpu.Sample(0, 0, 0, 0);
        private ProcessCpu.Sample to = from;
        private long messages;

        void add(Optional<ProcessCpu.Sample> before, Optional<ProcessCpu> cpu, int moved) {
            if (before.isEmpty() || cpu.isEmpty()) {
                return;
            }
            ProcessCpu.Sample b = before.get();
            ProcessCpu.Sample a = cpu.get().sample();
            to = new ProcessCpu.Sample(to.broker() + a.broker() - b.broker(), to.postgres() + a.postgres()
                    - b.postgres(), to.client() + a.client() - b.client(), to.nanos() + a.nanos() - b.nanos());
            messages += moved;
        }

        String describe(boolean broker, boolean postgres) {
            return ProcessCpu.perThousand(from, to, Math.max(1, messages), broker, postgres);
        }
    }

    /**
     * After a run, untimed: every message of the backlog was acked (a lease channel deletes what it acks). The timed
     * part waits on in-process counters on both sides, as the raw side does: polling the table from the bench opened
     * a connection and counted the table every 2 ms, load on the two cores the broker and the server share.
     */
    private static void requireDrained(DataSource dataSource, int messages) {
        long left = count(dataSource, TextChannel.of(OUT_CHANNEL).tableName(), "true");
        if (left != 0) {
            throw new IllegalStateException(left + " of " + messages + " messages were not acked after the run");
        }
    }

    private static long count(DataSource dataSource, String table, String where) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM " + BaselineSql.quoted(table) + " WHERE " + where);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("counting " + table + " failed", e);
        }
    }

    /** Polls {@code done} every 2 ms until it holds, for at most {@link #DEADLINE}. */
    private static void await(BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the gateway did not finish within " + DEADLINE);
            }
            TimeUnit.MILLISECONDS.sleep(2);
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
