package io.pgmq.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** How a repeat is explained from its two ledger rows and the scenario's faults. */
class RepeatTest {

    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");
    private static final UUID LEASE_1 = UUID.fromString("00000000-0000-0000-0000-000000000001");
    private static final UUID LEASE_2 = UUID.fromString("00000000-0000-0000-0000-000000000002");

    private static Handled leased(int attempt, UUID lease, Instant at, Instant expires, String lastError) {
        return new Handled(attempt, 7, "ch", 42, attempt, Optional.of(lease), Optional.of(expires),
                Optional.ofNullable(lastError), "c" + attempt, at);
    }

    private static Handled locked(int attempt, Instant at) {
        return new Handled(attempt, 7, "ch", 42, attempt, Optional.empty(), Optional.empty(), Optional.empty(),
                "c" + attempt, at);
    }

    @Test
    void repeatAfterTheLeaseEnded_isALeaseExpiryNamingTheFaultBetween() {
        Timeline timeline = new Timeline();
        timeline.record("consumer JVM killed", T.plusSeconds(1));
        Repeat r = Repeat.of(leased(1, LEASE_1, T, T.plusSeconds(30), null),
                leased(2, LEASE_2, T.plusSeconds(31), T.plusSeconds(61), null), timeline);
        assertThat(r.why()).isEqualTo(new Repeat.LeaseExpired(timeline.faults().stream().findFirst()));
        assertThat(r.why().summary()).isEqualTo("lease expired, ack lost to: consumer JVM killed");
    }

    @Test
    void leaseExpiry_isBlamedOnTheFirstFaultAfterTheHandlingWhoseAckItLost() {
        Timeline timeline = new Timeline();
        timeline.record("LISTEN sessions terminated", T.minusMillis(500));
        timeline.record("consumer sessions terminated", T.plusMillis(200));
        timeline.record("LISTEN sessions terminated", T.plusMillis(500));
        Repeat r = Repeat.of(leased(1, LEASE_1, T, T.plusSeconds(3), null),
                leased(2, LEASE_2, T.plusSeconds(4), T.plusSeconds(7), null), timeline);
        assertThat(r.why().summary()).isEqualTo("lease expired, ack lost to: consumer sessions terminated");
    }

    @Test
    void leaseExpiry_withNoFaultAfterTheHandling_isBlamedOnOneJustBefore() {
        Timeline timeline = new Timeline();
        timeline.record("server restarted", T.minusSeconds(20), T.minusMillis(300));
        Repeat r = Repeat.of(leased(1, LEASE_1, T, T.plusSeconds(3), null),
                leased(2, LEASE_2, T.plusSeconds(4), T.plusSeconds(7), null), timeline);
        assertThat(r.why().summary()).isEqualTo("lease expired, ack lost to: server restarted");
    }

    @Test
    void repeatWhoseLastErrorNamesTheEarlierLease_isACommitWhoseReplyWasLost() {
        Repeat r = Repeat.of(leased(1, LEASE_1, T, T.plusSeconds(30), null),
                leased(2, LEASE_2, T.plusSeconds(1), T.plusSeconds(31), "HandlingFailure: ... (attempt 1, lease "
                        + LEASE_1 + ") failed: connection lost"), new Timeline());
        assertThat(r.why()).isInstanceOf(Repeat.NackedAfterCommit.class);
    }

    @Test
    void repeatBeforeTheEarlierLeaseEnded_isUnexplained() {
        Repeat r = Repeat.of(leased(1, LEASE_1, T, T.plusSeconds(30), null),
                leased(2, LEASE_2, T.plusSeconds(5), T.plusSeconds(35), null), new Timeline());
        assertThat(r.why().explained()).isFalse();
        assertThat(r.why().summary()).contains("before the earlier lease expired");
    }

    @Test
    void repeatOnTheSameAttempt_isUnexplained() {
        Repeat r = Repeat.of(leased(1, LEASE_1, T, T.plusSeconds(1), null),
                leased(1, LEASE_2, T.plusSeconds(5), T.plusSeconds(35), null), new Timeline());
        assertThat(r.why().summary()).contains("without a higher attempt");
    }

    @Test
    void repeatOfALockedClaimsHandling_isUnexplained() {
        Repeat r = Repeat.of(locked(1, T), locked(2, T.plusSeconds(1)), new Timeline());
        assertThat(r.why().summary()).contains("locked claim");
    }

    @Test
    void repeatUnderTheSameLease_isUnexplained() {
        Repeat r = Repeat.of(leased(1, LEASE_1, T, T.plusSeconds(1), null),
                leased(2, LEASE_1, T.plusSeconds(5), T.plusSeconds(35), null), new Timeline());
        assertThat(r.why().summary()).contains("under one lease");
    }
}
