package io.pgmq.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Renders bench/RESULTS.md from one run's rows. */
final class Report {

    static final String COMMAND = "./mvnw -q -B package -DskipTests -pl pgmq-bench -am && "
            + "java -jar pgmq-bench/target/pgmq-bench.jar";

    private Report() {
    }

    static String render(List<Row> rows, Machine machine, Settings settings, Instant at) {
        StringBuilder md = new StringBuilder();
        md.append("# pgmq benchmark results\n\n");
        md.append("Written by `io.pgmq.bench.BenchMain` (module `pgmq-bench`); do not edit by hand. Regenerate from the "
                + "repository root with\n\n```\n").append(COMMAND).append("\n```\n\n");
        md.append("(`--jdbc-url jdbc:postgresql://host:5432/postgres --user postgres --password ...` for an existing "
                + "server, where it creates and drops a scratch database; `--seconds`, `--rounds`; `--smoke` for the "
                + "few-second check that `./mvnw verify` runs; `--only SqlGetBench` reruns one scenario and merges its rows "
                + "into this file, leaving the others; exit status 1 when a target is missed.)\n\n");
        md.append(String.format(Locale.ROOT, "- run: %s, %s, %.1f s per run, %d interleaved round%s (pgmq and raw "
                        + "alternate which goes first); figures are medians of the rounds, ratio = the median of the "
                        + "per-round ratios (pgmq / raw in the same round)\n",
                settings.smoke() ? "**smoke** (figures decide nothing)" : "full",
                at.truncatedTo(ChronoUnit.SECONDS), settings.run().toMillis() / 1000.0, settings.rounds(),
                settings.rounds() == 1 ? "" : "s"));
        md.append(String.format(Locale.ROOT, "- machine: %d cores (client and server on the same host unless the "
                        + "server says otherwise), Java %s, load average at start %s (at end %s); on a busy host "
                        + "the per-round ratios spread widely and only large gaps mean anything\n", machine.cores(),
                machine.java(), machine.loadAverage(), Machine.currentLoadAverage()));
        md.append(String.format(Locale.ROOT, "- PostgreSQL %s (%s), synchronous_commit=%s, fsync=%s, autovacuum=%s\n",
                machine.postgres(), machine.server(), machine.synchronousCommit(), machine.fsync(),
                machine.autovacuum()));
        md.append("- payload: 64-byte text; raw tables are `LIKE pg_mq_shape_text INCLUDING ALL` with the same "
                + "`pg_mq_notify` trigger as the channel tables; one connection per thread on both sides\n\n");

        md.append("| scenario | unit | pgmq | raw | ratio | per-round | target | result | note |\n");
        md.append("|---|---|---:|---:|---:|---|---|---|---|\n");
        for (Row row : rows) {
            md.append(tableRow(row)).append('\n');
        }
        md.append("\nWhat the sides do:\n\n"
                + "- send: pgmq `TextChannel.send(DSLContext, String)` (its `INSERT ... RETURNING msg_id`, rendered by jOOQ "
                + "once per channel and run as a JDBC prepared statement on the caller's connection) against a "
                + "prepared JDBC `INSERT INTO raw_send (payload) VALUES (?) RETURNING msg_id`; autocommit, or "
                + Bench.SENDS_PER_TX + " sends then `COMMIT` in the caller's transaction. Tables are truncated before "
                + "every run.\n"
                + "- claim + ack: pgmq `claim(tx, " + Bench.CLAIM_BATCH + ", 5 min)` then `ack(tx, batch)`, each in "
                + "its own autocommit transaction as the API asks (the lease must be committed before work starts), "
                + "against raw `SELECT msg_id, payload ... ORDER BY msg_id LIMIT " + Bench.CLAIM_BATCH
                + " FOR UPDATE SKIP LOCKED` + `DELETE ... WHERE msg_id = ANY(?)` + `COMMIT` (one transaction, no "
                + "lease: a crash loses nothing only because the row lock goes away). Each run starts from a fresh "
                + "backlog of " + String.format(Locale.ROOT, "%,d", settings.backlog()) + " messages (vacuumed and "
                + "analyzed); a run that drains it stops early and its rate counts up to the drain.\n"
                + "- claimLocked + complete: pgmq `claimLocked(tx, " + Bench.CLAIM_BATCH + ")` then `complete(tx, batch)` "
                + "then `COMMIT`, one transaction per batch (the row lock holds the messages while the work runs; "
                + "nothing is written before the completion), against the same raw loop and backlog. The channel is "
                + "consumed only with locked claims, so it has `pg_mq_set_fillfactor(channel, 100)`, as README "
                + "recommends for such channels (lease channels keep 45, room for the claims' in-place updates).\n"
                + "- latency: one producer sends at a fixed rate in autocommit with `System.nanoTime()` in the payload;"
                + " a `Consumer` (on an 8-connection pool, LISTEN, concurrency 4, batch size 10, poll interval 5 s so only the NOTIFY makes it "
                + "fast) records when the handler starts. Warm-up sends are discarded. Measured from the start of "
                + "`send`, so a producer that falls behind its schedule is not counted against pgmq "
                + "(the note gives the rate achieved). The note also gives a bare pgjdbc LISTEN measured just before "
                + "at the same rate: a prepared `INSERT ... RETURNING msg_id` into `raw_latency` (same `pg_mq_notify` "
                + "trigger) and a thread on its own connection in `getNotifications(timeout)`; no claim, no ack. It "
                + "is no floor at 1,000 msg/s: pgjdbc's read loop keeps reading while notifications arrive less than "
                + "~1 ms apart and hands them over only after a pause, which is why the `Consumer` claims again 1, 2 "
                + "and 4 ms after a claim that found messages instead of waiting for their notifications.\n"
                + "- idle consumer CPU: a `Consumer` with default settings (LISTEN, poll interval 5 s) on a channel that "
                + "gets nothing; once it listens and has settled, the CPU time of its threads (`pgmq-*-<channel>`, and "
                + "pgjdbc's timer thread its statement timeouts use) over " + seconds(settings.idleRun())
                + ", as a percentage of one core (ThreadMXBean). The whole JVM's figure is in the note.\n"
                + "- consumer heap: a `Consumer` with a batch handler (batch size " + ConsumerFootprint.BATCH_SIZE
                + ", concurrency " + ConsumerFootprint.CONCURRENCY + ") runs " + seconds(settings.memoryRun())
                + " on an empty channel, then on a backlog of " + String.format(Locale.ROOT, "%,d",
                        settings.memoryBacklog()) + " messages (`INSERT ... SELECT generate_series`, no NOTIFY); every "
                + "0.5 s a full GC is forced and the used heap read. The figure is the peak above the heap before the "
                + "consumer started; it must not exceed the empty run's by more than what the consumer holds by design "
                + "(claimed, running and waiting-for-ack batches) plus 2 MB of noise.\n");
        for (Scenario scenario : Scenario.ALL) {
            md.append("- ").append(scenario.sides(settings)).append('\n');
        }
        md.append(misses(rows));
        md.append(PROFILING_NOTES);
        return md.toString();
    }

    /** One line of the results table, without its line break. */
    static String tableRow(Row row) {
        return "| " + row.scenario()
                + " | " + row.unit()
                + " | " + number(row.pgmq(), row.unit())
                + " | " + (row.raw().isPresent() ? number(row.raw().getAsDouble(), row.unit()) : "—")
                + " | " + (row.ratio().isPresent() ? String.format(Locale.ROOT, "%.3fx", row.ratio().getAsDouble())
                        : "—")
                + " | " + (row.raw().isPresent() ? row.perRound().stream()
                        .map(r -> String.format(Locale.ROOT, "%.3f", r)).collect(Collectors.joining(" ")) : "")
                + " | " + row.target()
                + " | " + (Row.NO_TARGET.equals(row.target()) ? Row.NO_TARGET : row.pass() ? "PASS" : "FAIL")
                + " | " + row.note()
                + " |";
    }

    /**
     * The rows that miss their targets, each with its figure against the target and why, so the file says plainly what
     * is not met (issue 7's "done when"); empty when every row passes.
     */
    static String misses(List<Row> rows) {
        List<Row> missed = rows.stream().filter(r -> !r.pass()).toList();
        if (missed.isEmpty()) {
            return "\nEvery row meets its target.\n";
        }
        StringBuilder md = new StringBuilder("\nRows that miss their targets, and why:\n\n");
        for (Row row : missed) {
            String figure = row.ratio().isPresent()
                    ? String.format(Locale.ROOT, "%.3fx", row.ratio().getAsDouble())
                    : number(row.pgmq(), row.unit()) + ("x".equals(row.unit()) ? "x" : " " + row.unit());
            md.append("- ").append(row.scenario()).append(": ").append(figure).append(" against ")
                    .append(row.target()).append(". ").append(roundsThatMet(row).orElse(whyMissed(row.scenario())))
                    .append('\n');
        }
        return md.toString();
    }

    /**
     * For a ratio row with a {@code >= Nx} target of which some rounds met the target although the median did not: says
     * so, with the rounds, since the median of a few rounds on a busy two-core host is what failed, not every
     * measurement. Only when at least two rounds in five met it does it call the run undecided (the rounds straddle
     * the target); one round in five is an outlier, and the row's reason (or "not analysed") follows. Empty when no
     * round met the target.
     */
    static Optional<String> roundsThatMet(Row row) {
        if (row.perRound().isEmpty() || !row.target().startsWith(">= ") || !row.target().endsWith("x")) {
            return Optional.empty();
        }
        double target = Double.parseDouble(row.target().substring(3, row.target().length() - 1));
        long met = row.perRound().stream().filter(r -> r >= target).count();
        if (met == 0) {
            return Optional.empty();
        }
        String rounds = row.perRound().stream().map(r -> String.format(Locale.ROOT, "%.3f", r))
                .collect(Collectors.joining(" "));
        boolean straddles = met * 5 >= row.perRound().size() * 2L;
        String reason = straddles
                ? knownReason(row.scenario()).map(r -> " " + r).orElse("")
                : " " + whyMissed(row.scenario());
        return Optional.of(String.format(Locale.ROOT, "%d of %d rounds met the target (%s)%s%s", met,
                row.perRound().size(), rounds, straddles ? ": the rounds straddle the target, so this run alone "
                        + "cannot tell; a quieter run decides." : ".", reason));
    }

    /** The reason a row misses, from what the profiles showed (see the notes below), or that it is not analysed. */
    private static String whyMissed(String scenario) {
        return knownReason(scenario).orElse("Not analysed yet: a new miss (or noise on a busy host: see the per-round "
                + "ratios).");
    }

    /** The reason a row misses, from what the profiles showed (see the notes below); known scenarios only. */
    private static Optional<String> knownReason(String scenario) {
        if (scenario.contains("8 consumers / 4 consumers")) {
            return Optional.of("Two cores: beyond 2 consumers each one's claims skip the rows the others hold "
                    + "leased (a heap fetch each, to test visible_at), so more consumers do more work per message; the raw loop, whose rows "
                    + "are locked only for the length of one transaction, drops further (the note).");
        }
        if (scenario.startsWith("claim + ack")) {
            return Optional.of("The lease: a claim writes a new version of each message (in place, HOT) and "
                    + "commits before the work, the ack deletes it in a second transaction; the raw loop locks and deletes in one and "
                    + "holds no lease. The least a durable lease costs is 2.2x the raw loop's server time, so this "
                    + "design tops out near 0.5x (profiling notes, bench/README.md \"Claim + ack\"). From 2 consumers on, "
                    + "the two cores are saturated and the ratio is that of the CPU per message, which falls below that: "
                    + "9.1-9.4 us of server CPU per message against the raw loop's 3.7-3.8 us (V6's profile), before "
                    + "the client's own work. For work in the same database, claimLocked + complete does the raw loop's "
                    + "work (its rows).");
        }
        if (scenario.startsWith("json claim + ack")) {
            return Optional.of("The lease, as in the text channel's claim + ack rows: a claim writes a new version of"
                    + " each message and commits before the work, the ack deletes it in a second transaction; the raw"
                    + " loop locks and deletes in one and holds no lease, which tops this design out near 0.5x before"
                    + " any decoding. Decoding adds the same Jackson work to both sides. For work in the same database,"
                    + " the json claimLocked + complete row is the raw loop's shape.");
        }
        if (scenario.startsWith("json send to a contract-checked")) {
            return Optional.of("The contract is one CHECK calling the channel's generated PL/pgSQL function (V12)."
                    + " PostgreSQL builds a table's CHECK expressions again for every INSERT statement (seven CHECKs,"
                    + " one per field, cost ~20 us per single-row INSERT and measured 0.77x the unchecked send), and"
                    + " PL/pgSQL sets up the function's expressions once per transaction, so an autocommit send pays"
                    + " both; within one transaction the function costs ~5 us a send (a server-side loop). Not met at"
                    + " one send per transaction; the unchecked send of the same rounds is in the note.");
        }
        if (scenario.startsWith("RabbitMQ outbound gateway")) {
            return Optional.of("At the level of any relay on this host, which is the target's level: on 2 cores the"
                    + " bare publisher keeps the broker's core busy (its CPU per batch is about the batch's time), so"
                    + " a relay's database work lands on the cores the broker needs. Hand-written relay loops with no"
                    + " threads of their own (lease claim, publish, confirms, ack; or a locked claim, publish,"
                    + " confirms, complete, commit) measured 0.67-0.75x beside the gateway's 0.67x in the same runs;"
                    + " the gateway on locked claims (less PostgreSQL CPU) measured the same as on leases; runs of"
                    + " the gateway give 0.68-0.75x, single rounds 0.42-0.97x (bench/README.md, \"RabbitMQ"
                    + " outbound\").");
        }
        if (scenario.startsWith("notify when_idle: Java")) {
            return Optional.of("With nobody idle the trigger is not called (V7), so what is left is the Java send "
                    + "path against a bare INSERT: compare the never row (no trigger at all) of the same run.");
        }
        if (scenario.startsWith("notify when_idle: SQL")) {
            return Optional.of("With nobody idle the trigger is not called (V7), so this is pg_mq_send_message's "
                    + "own cost against a bare INSERT with no trigger: a PL/pgSQL call whose static INSERT runs through "
                    + "SPI, ~4 us of server CPU over the INSERT's ~6 us (bench/README.md \"V9\"), plus the trigger's "
                    + "WHEN test, one sequence read per row. The never row (no trigger at all) of the same run shows the "
                    + "first part alone.");
        }
        if (scenario.startsWith("SQL pg_mq_send_message")) {
            return Optional.of("pg_mq_send_message is a PL/pgSQL function around a static INSERT: the call and its "
                    + "SPI statement cost ~4 us of server CPU over the INSERT's ~6 us (V9 took its SET clause's 2 us "
                    + "off; bench/README.md \"V9\"). Where the sessions outnumber the two cores the server's CPU is "
                    + "the whole cost, so 4 sessions show the gap in full; the Java send, a direct INSERT, does not "
                    + "pay it.");
        }
        if (scenario.startsWith("claimLocked")) {
            return Optional.of("The locked loop does the raw loop's work on a table of the same density, plus two "
                    + "things the raw loop does not: complete checks without waiting that the transaction holds each "
                    + "message (a bare DELETE would wait for another consumer's lock, and delete its message if that "
                    + "one rolled back), and the claim returns the four columns a LockedDelivery carries (attempt, "
                    + "sent_at, sent_by, last_error). A probe measured 5.8-7.2 us of server CPU per message against "
                    + "the raw loop's 4.5-5.8 us, and 1.3-1.9 us of client CPU against 1.0-1.4 us (PostgreSQL 15, "
                    + "profiling notes). With 2 or more consumers the two cores are saturated, so the ratio is that of "
                    + "the CPU per message.");
        }
        if (scenario.startsWith("Java sendBatch")) {
            return Optional.of("sendBatch runs the raw unnest side's statement (INSERT ... SELECT unnest(?) "
                    + "RETURNING msg_id, prepared once per channel) and sorts the ids; compare that side in the note, "
                    + "and the rounds.");
        }
        return Optional.empty();
    }

    /** What the profiles showed and what changed (issue 7 asks for it beside the figures); bench/README.md has more. */
    static final String PROFILING_NOTES = """

            Profiling notes (what the profiles showed, what changed; details in bench/README.md):

            - claim + ack: `perf` on the PostgreSQL backend and a server-side loop of 100,000 messages (V2's functions \
            1.9-2.4 s, the raw loop 0.3 s) showed (1) claim UPDATEs that were not HOT (full pages: a new heap page and \
            two index inserts per message) and ack UPDATEs of `was_delivered`, which can never be HOT; (2) a \
            `gen_random_uuid()` per message; (3) planning on every call: PL/pgSQL `EXECUTE`, and, once the runtime \
            prepared the statement, a re-plan on every run (`GetCachedPlan` → `copyObjectImpl`) because a LIMIT \
            parameter makes the generic plan assume 10% of the table. V6: fillfactor 45 (claims 100% HOT, also in the \
            1,000,000-message steady state), one lease token per claim, ack = DELETE, and the runtime prepares \
            `pg_mq_claim_sql(table, cast, 100)` (LIMIT written in) and `pg_mq_ack_sql`. Server CPU per message from \
            Java went to 9.1-9.4 us against the raw loop's 3.7-3.8 us. What is left is the lease itself: a HOT update \
            per message and a second commit, which the raw loop (lock and delete in one transaction, no lease) does \
            not do; a server-side loop of the least a lease can cost (lock, HOT update, commit, delete) takes 2.2x the \
            raw loop, so this design tops out near 0.5x.
            - claimLocked + complete (V8): the raw loop's work without a lease. A probe per message (backend CPU from \
            /proc, client thread CPU; PostgreSQL 15, commits not flushed) showed the raw loop itself at 2x the server \
            CPU on a table filled to 45% (8.6-10.5 us against 4.0-4.7 us): the fillfactor lease claims need doubles the \
            pages a lock-and-delete loop touches. Channels consumed only with locked claims get \
            `pg_mq_set_fillfactor(channel, 100)` (this harness's does); the locked claim became one index scan \
            (materialising its rows to dead-letter used-up ones cost ~1 us per message); `complete` deletes by ctid \
            after a no-wait lock check. Then 5.7 us of server CPU per message against the raw loop's 4.7 us.
            - send: CPU accounting per thread (JFR, ThreadMXBean) and of the backend (/proc): jOOQ's rendering and \
            binding cost ~11 us of client CPU per send against raw JDBC's ~13 us in all. The INSERT is now rendered \
            once per channel and run as a prepared statement; client CPU per send is within 1 us of raw. \
            `sendBatch` measured 0.73-0.84x against the raw side that runs its very statement (`INSERT ... SELECT \
            unnest(?)`): jOOQ rendered and bound the 1,000-element array and built 1,000 records on every call. It is \
            now rendered once per channel and run as a JDBC prepared statement too.
            - SQL send (V9): server-side loops (PostgreSQL 15) put `pg_mq_send_message` at 13.4 us per call against \
            the bare INSERT's 6.6 us, of which ~2 us was its `SET search_path` clause (a GUC save and restore and a \
            search-path rebuild per call), and the `always` trigger `pg_mq_notify` paid the same. V9 regenerates both \
            without the clause, every name in their bodies qualified (`SearchPathHijackTest` plants decoys ahead of \
            `pg_catalog`): 10.3-11.4 us, against 9.0 us for the least PL/pgSQL function that runs the same static \
            INSERT. The rest is PL/pgSQL's call and SPI (bench/README.md "V9").
            - latency: per-message timestamps at each stage showed queueing, not the wake-up: one ack transaction per \
            message on the handler thread, claims in transactions asking for ~1.8 messages. The Consumer now claims \
            and acks in autocommit and acks from one thread in batches. That left p50 ~110 ms on a quiet machine, and \
            a bare pgjdbc listener showed the same at 1,000/s but ~1.3 ms at 700/s: pgjdbc's `getNotifications` \
            keeps reading while notifications arrive less than ~1 ms apart (a 1 ms socket peek after each), so under \
            a steady stream it hands them over late. The Consumer now claims again 1, 2 and 4 ms after any claim that \
            found messages (then waits for a notification or the poll): p50 0.94 ms, p99 2.98 ms in a trial run.
            - notify modes: on this CPU-bound server (`fsync=off`, `synchronous_commit=off`) a commit costs almost \
            nothing, so the NOTIFY commit serialisation that `when_idle` takes off the producers' path is not what \
            limited them; the `when_idle` trigger's own CPU was (calling any PL/pgSQL row trigger costs ~35% of such \
            an INSERT). V7 gates the trigger with a WHEN clause on a sequence that counts the idle registrations, so \
            with every consumer busy PostgreSQL does not call it: Java `send` on a `when_idle` channel went from \
            0.62x to 0.78-0.90x in four runs, next to `never`'s (no trigger at all) 0.78-1.10x. The SQL send stays near `never`'s figure: what is left there is \
            `pg_mq_send_message`'s own cost, not the notify mode (bench/README.md "Notify modes").
            - steady state: with V6 each message leaves one dead tuple (its DELETE; the claim's old version is pruned \
            on the page), so dead tuples peak at about rate x autovacuum_naptime whatever the per-table thresholds: \
            180,000 at 3,000 msg/s with the default 1 min naptime, ~3,000 with 5 s (embedded PostgreSQL 17, \
            1,000,000 messages). The harness sets 5 s on its own embedded server, as README recommends for queue \
            databases; on a server of yours it reports what your setting gives. Partition rotation with TRUNCATE was \
            not built: deletes with fixed-count autovacuum thresholds keep the table flat at ~10 MB. A "step" in the \
            dead tuples (~400 to ~4,000 at a random time, staying there) was the sampling, \
            not the table: a probe reading every page each second with pageinspect showed a clean sawtooth (~200 \
            after each visit, ~4,200 before the next, no dead tuple older than one interval, no snapshot held), and \
            samples at the naptime's own period see one phase of it, which jumps when a visit comes late. Growth is \
            now judged on each quarter's mean and the size on each quarter's median (bench/README.md, "Steady \
            state").
            - wake-ups: the consumer reads when the earliest message that is not ready yet becomes ready and wakes \
            then. No index serves the read (one on `visible_at` would cost lease claims their HOT updates): 205-210 ms \
            per 1,000,000 delayed messages on PostgreSQL 15, so the consumer spaces reads by nine times the server's \
            time for them; an idle consumer runs one read and one claim per poll, 0.17-0.19% of a core against \
            0.16-0.21% before (bench/README.md, "Wake-ups on time").
            - duplicate send (V14): a server-side loop of 20,000 calls (PostgreSQL 15) put V13's \
            `pg_mq_dedup_holder` at 55-63 us per call: a `pg_mq_channel()` look-up and an `EXECUTE format(...)` whose \
            SELECT PostgreSQL parsed and planned every time. V14 generates it from the catalog (V11's binary search on \
            the channel name, one static SELECT per channel planned once per session, the dedup window read from the \
            catalog inside it): 8-11 us per call. A duplicate, which writes nothing and notifies nobody, now costs \
            less than a fresh keyed send.
            """;

    static void write(Path out, String markdown) throws IOException {
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(out, markdown, StandardCharsets.UTF_8);
    }

    private static String number(double value, String unit) {
        return switch (unit) {
            case "ms", "MB" -> String.format(Locale.ROOT, "%.2f", value);
            case "x" -> String.format(Locale.ROOT, "%.3f", value);
            case "% of a core" -> String.format(Locale.ROOT, "%.3f", value);
            default -> String.format(Locale.ROOT, "%,.0f", value);
        };
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.0f s", duration.toMillis() / 1000.0);
    }
}
