package io.pgmq.fault;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ConsumerProcess} started in a JVM of its own, with this JVM's class path (the test class path under
 * Maven, the jar when run from it), and killed with {@link Process#destroyForcibly()}: no shutdown hook, no
 * {@code close()}, sockets closed by the kernel.
 */
final class ChildConsumer implements AutoCloseable {

    /**
     * Where the child stopped: the message it holds.
     *
     * @param id    the message's fault id
     * @param msgId its msg_id
     */
    record Marker(long id, long msgId) {
    }

    private final Process process;
    private final String name;
    private final Path marker;
    private final Path log;

    private ChildConsumer(Process process, String name, Path marker, Path log) {
        this.process = process;
        this.name = name;
        this.marker = marker;
        this.log = log;
    }

    /**
     * Starts a consumer JVM on {@code channel} that records as {@code name} and stops at its {@code stopAt}-th
     * message; its output goes to {@code <dir>/<name>.log}.
     */
    static ChildConsumer start(Database db, FaultChannel<?> channel, ConsumerPlan plan, String name, int stopAt,
                               Path dir) throws IOException {
        Files.createDirectories(dir);
        Path marker = dir.resolve(name + ".marker");
        Path log = dir.resolve(name + ".log");
        Files.deleteIfExists(marker);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Xmx256m",
                ConsumerProcess.class.getName(),
                "--url", db.jdbcUrl(), "--user", db.user(),
                "--channel", channel.name(), "--type", channel.channel().payloadType().name(),
                "--kind", plan.kind().name(),
                "--concurrency", Integer.toString(plan.concurrency()), "--batch", Integer.toString(plan.batchSize()),
                "--lease-ms", Long.toString(plan.lease().toMillis()),
                "--poll-ms", Long.toString(plan.pollInterval().toMillis()),
                "--name", name, "--stop-at", Integer.toString(stopAt), "--marker", marker.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        pb.environment().put(ConsumerProcess.PASSWORD_ENV, db.password());
        return new ChildConsumer(pb.start(), name, marker, log);
    }

    /** The name it records under. */
    String name() {
        return name;
    }

    /** Waits up to {@code timeout} for the child to stop at its message and returns that message. */
    Marker awaitMarker(Duration timeout) throws IOException {
        await().atMost(timeout).pollInterval(Duration.ofMillis(50))
                .failFast("consumer JVM " + name + " exited (see " + log + ")", () -> !process.isAlive())
                .until(() -> Files.exists(marker));
        String[] parts = Files.readString(marker, StandardCharsets.UTF_8).trim().split(" ");
        return new Marker(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
    }

    /** Kills the JVM at once and waits until it is gone; returns when it was killed. */
    Instant kill() throws InterruptedException {
        Instant at = Instant.now();
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("consumer JVM " + name + " (pid " + process.pid()
                    + ") did not die within 30 s of SIGKILL");
        }
        return at;
    }

    /** Kills the JVM if it still runs. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
