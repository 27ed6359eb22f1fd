package io.pgmq.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * CPU time spent by the processes a run involves, read from Linux's {@code /proc}: the broker (the {@code beam.smp}
 * processes), the PostgreSQL server of the bench database (its postmaster, live children and the children it reaped,
 * such as the backends of closed connections) and this JVM. It tells whether a side is bound by the host's cores
 * and where they went. Empty where there is no {@code /proc} or the server is not on this host.
 */
final class ProcessCpu {

    /** Clock ticks per second of {@code /proc/<pid>/stat}'s times: USER_HZ, 100 on Linux. */
    private static final double TICKS_PER_MS = 0.1;

    /** Cumulative CPU ticks of the three groups and the wall clock when they were read. */
    record Sample(long broker, long postgres, long client, long nanos) {
    }

    private final long postmaster;

    private ProcessCpu(long postmaster) {
        this.postmaster = postmaster;
    }

    /** The meter for the server behind {@code dataSource}, if this host runs it and has {@code /proc}. */
    static Optional<ProcessCpu> of(DataSource dataSource) throws SQLException {
        if (!Files.isDirectory(Path.of("/proc/self"))) {
            return Optional.empty();
        }
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            long backend = rs.getLong(1);
            return stat(backend).filter(st -> st.comm().equals("postgres"))
                    .map(st -> new ProcessCpu(st.parent()));
        }
    }

    Sample sample() {
        long broker = 0;
        long postgres = 0;
        long self = ProcessHandle.current().pid();
        long client = 0;
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                String name = entry.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                long pid = Long.parseLong(name);
                Optional<Stat> stat = stat(pid);
                if (stat.isEmpty()) {
                    continue;  // gone meanwhile
                }
                Stat st = stat.get();
                if (st.comm().startsWith("beam")) {
                    broker += st.own();
                } else if (pid == postmaster) {
                    postgres += st.own() + st.reaped();
                } else if (st.parent() == postmaster) {
                    postgres += st.own();
                } else if (pid == self) {
                    client += st.own();
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("reading /proc failed", e);
        }
        return new Sample(broker, postgres, client, System.nanoTime());
    }

    /** What the groups spent between two samples, per 1,000 messages, and how many cores were busy meanwhile. */
    static String perThousand(Sample from, Sample to, long messages, boolean broker, boolean postgres) {
        double scale = 1_000.0 / messages / TICKS_PER_MS;
        long ticks = (to.broker() - from.broker()) + (to.postgres() - from.postgres()) + (to.client() - from.client());
        double cores = ticks / TICKS_PER_MS / ((to.nanos() - from.nanos()) / 1e6);
        StringBuilder text = new StringBuilder();
        if (broker) {
            text.append(String.format(Locale.ROOT, "broker %.0f ms, ", (to.broker() - from.broker()) * scale));
        }
        if (postgres) {
            text.append(String.format(Locale.ROOT, "PostgreSQL %.0f ms, ", (to.postgres() - from.postgres()) * scale));
        }
        return text.append(String.format(Locale.ROOT, "client %.0f ms (%.1f cores busy)",
                (to.client() - from.client()) * scale, cores)).toString();
    }

    /** One line of {@code /proc/<pid>/stat}: the command, the parent, own and reaped children's CPU ticks. */
    private record Stat(String comm, long parent, long own, long reaped) {
    }

    private static Optional<Stat> stat(long pid) {
        String line;
        try {
            line = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (IOException e) {
            return Optional.empty();
        }
        int close = line.lastIndexOf(')');
        String comm = line.substring(line.indexOf('(') + 1, close);
        String[] f = line.substring(close + 2).split(" ");
        // after the command: state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14)
        return Optional.of(new Stat(comm, Long.parseLong(f[1]), Long.parseLong(f[11]) + Long.parseLong(f[12]),
                Long.parseLong(f[13]) + Long.parseLong(f[14])));
    }
}
