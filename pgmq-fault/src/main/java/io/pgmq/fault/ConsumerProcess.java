package io.pgmq.fault;

import com.zaxxer.hikari.HikariDataSource;
import io.pgmq.Consumer;
import io.pgmq.PayloadType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The consumer JVM of the kill scenario (2): runs one {@link Consumer} on its own HikariCP pool until the parent kills
 * it. Its handler stops at its {@code --stop-at}-th message (after the ledger row committed, so before the ack, or
 * inside the transaction, so before the commit), writes the message's id and msg_id to {@code --marker} and waits
 * there to be killed. The password comes from the environment variable {@value #PASSWORD_ENV}, not the command line.
 */
@Command(name = "pgmq-fault-consumer", description = "A consumer JVM for the fault suite's kill scenario.")
public final class ConsumerProcess implements Callable<Integer> {

    /** Environment variable that carries the database password. */
    static final String PASSWORD_ENV = "PGMQ_FAULT_PASSWORD";
    /** How long the process lives at most, stopped or not: the parent kills it long before. */
    static final Duration LIFETIME = Duration.ofMinutes(10);

    @Option(names = "--url", required = true)
    String url;
    @Option(names = "--user", required = true)
    String user;
    @Option(names = "--channel", required = true)
    String channel;
    @Option(names = "--type", required = true)
    PayloadType type;
    @Option(names = "--kind", required = true)
    ConsumerPlan.Kind kind;
    @Option(names = "--concurrency", required = true)
    int concurrency;
    @Option(names = "--batch", required = true)
    int batch;
    @Option(names = "--lease-ms", required = true)
    long leaseMillis;
    @Option(names = "--poll-ms", required = true)
    long pollMillis;
    @Option(names = "--name", required = true)
    String name;
    @Option(names = "--stop-at", required = true)
    int stopAt;
    @Option(names = "--marker", required = true)
    Path marker;

    /** Runs the consumer JVM; exits when its lifetime ends (the parent kills it before). */
    public static void main(String[] args) {
        System.exit(new CommandLine(new ConsumerProcess()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        String password = System.getenv().getOrDefault(PASSWORD_ENV, "");
        Database db = new Database(url, user, password, "PostgreSQL");
        CountDownLatch never = new CountDownLatch(1);
        AtomicInteger recorded = new AtomicInteger();
        ConsumerPlan.Hook stop = (id, msgId) -> {
            if (recorded.incrementAndGet() == stopAt) {
                writeMarker(id, msgId);
                // held here, with the message's lease (or transaction) open, until the parent kills this JVM
                if (!never.await(LIFETIME.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException("consumer JVM " + name + " was not killed within " + LIFETIME);
                }
            }
        };
        ConsumerPlan plan = new ConsumerPlan(kind, concurrency, batch, Duration.ofMillis(leaseMillis),
                Duration.ofMillis(pollMillis));
        try (HikariDataSource pool = db.pool("child", concurrency + 4, Duration.ofSeconds(10), "pgmq-fault-child");
             Consumer<?> consumer = plan.start(FaultChannel.of(type, channel), pool, name, stop)) {
            never.await(LIFETIME.toMillis(), TimeUnit.MILLISECONDS);
        }
        return 0;
    }

    private void writeMarker(long id, long msgId) {
        try {
            Path tmp = marker.resolveSibling(marker.getFileName() + ".tmp");
            Files.writeString(tmp, id + " " + msgId + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, marker, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IllegalStateException("consumer JVM " + name + ": cannot write marker " + marker + ": " + e, e);
        }
    }
}
