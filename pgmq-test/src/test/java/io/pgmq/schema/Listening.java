package io.pgmq.schema;

import static io.pgmq.schema.Sql.value;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/** What a LISTEN session receives, and waiting for a session to end: shared by the notify-mode tests. */
final class Listening {

  /** Long enough for a notification on a local server; only reached when a test is about to fail. */
  static final int ARRIVES_WITHIN_MS = 10_000;

  /** How long "no notification" is observed; a bounded wait, not a synchronisation point. */
  static final int QUIET_FOR_MS = 300;

  private Listening() {}

  /** The notifications that arrive within timeoutMs (never 0: that blocks forever on a dead socket). */
  static List<PGNotification> notifications(Connection listener, int timeoutMs) throws SQLException {
    PGNotification[] got = listener.unwrap(PGConnection.class).getNotifications(timeoutMs);
    return got == null ? List.of() : new ArrayList<>(List.of(got));
  }

  /**
   * The notifications that arrive until there are at least {@code count} of them or {@link #ARRIVES_WITHIN_MS} has
   * passed: one transaction's notifications may come in more than one batch.
   */
  static List<PGNotification> awaitNotifications(Connection listener, int count) throws SQLException {
    List<PGNotification> all = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ARRIVES_WITHIN_MS);
    while (all.size() < count) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0) {
        break;
      }
      all.addAll(notifications(listener, (int) left));
    }
    return all;
  }

  /** Waits (at most 10 s) until the backend pid no longer exists. */
  static void awaitBackendGone(Connection c, int pid) throws SQLException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (value(c, Boolean.class, "SELECT EXISTS (SELECT 1 FROM pg_stat_get_activity(?))", pid)) {
      assertThat(System.nanoTime() - deadline).as("backend %d still running", pid).isNegative();
      Thread.onSpinWait();
    }
  }
}
