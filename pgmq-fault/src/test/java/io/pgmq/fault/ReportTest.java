package io.pgmq.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** docs/reliability.md as rendered from rows. */
class ReportTest {

    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");
    private static final Report.RunInfo RUN = new Report.RunInfo(Size.FULL, T, Duration.ofSeconds(754), 2);

    private static Row row(String number, Tally tally, List<Row.Check> checks) {
        return new Row(number, "a scenario", "10 msgs", "PostgreSQL 17.6", tally, Optional.of(Duration.ofMillis(2500)),
                checks, List.of("a note"), Duration.ofSeconds(12));
    }

    private static Tally clean(long n) {
        return new Tally(n, n, List.of(), 0, List.of(), List.of(), List.of(), 0);
    }

    @Test
    void passingRow_rendersItsTableLine() {
        String md = Report.render(List.of(row("1a", clean(100_000), List.of())), Optional.empty(), RUN);
        assertThat(md).contains("| 1a | a scenario | 10 msgs | PostgreSQL 17.6 | 100,000 | 0 | 0 | 2.5 s | 12.0 s | PASS |");
        assertThat(md).contains("- run: **full** size, 2026-12-01T10:00:00Z, 12 min 34 s in all, 2 cores");
    }

    @Test
    void rowWithALostMessageOrAFailedCheck_failsAndSaysWhat() {
        Tally lost = new Tally(10, 9, List.of(7L), 1, List.of(), List.of(), List.of(), 0);
        Row row = row("3", lost, List.of(new Row.Check("the server was down", false, "it answered")));
        String md = Report.render(List.of(row), Optional.empty(), RUN);
        assertThat(md).contains("| 3 | a scenario | 10 msgs | PostgreSQL 17.6 | 10 | 1 | 0 | 2.5 s | 12.0 s | **FAIL** |");
        assertThat(md).contains("  - **FAILED**: the server was down (it answered)");
        assertThat(md).contains("  - **1 lost (committed, never handled), first ids [7]**");
    }

    @Test
    void repeats_areCountedByReasonInTheTable() {
        Handled first = new Handled(1, 7, "ch", 42, 1, Optional.of(UUID.randomUUID()), Optional.of(T.plusSeconds(2)),
                Optional.empty(), "jvm", T);
        Handled again = new Handled(2, 7, "ch", 42, 2, Optional.of(UUID.randomUUID()), Optional.of(T.plusSeconds(9)),
                Optional.empty(), "survivor", T.plusSeconds(3));
        Timeline timeline = new Timeline();
        timeline.record("consumer JVM killed", T.plusMillis(10));
        Tally tally = new Tally(10, 11, List.of(), 0, List.of(), List.of(), List.of(Repeat.of(first, again, timeline)), 0);
        assertThat(row("2a", tally, List.of()).repeatsCell())
                .isEqualTo("1: lease expired, ack lost to: consumer JVM killed ×1");
    }

    @Test
    void privilegeMatrix_isReportedWithItsSizeOrHowToProduceIt() {
        Row r = row("1a", clean(1), List.of());
        assertThat(Report.render(List.of(r), Optional.of(new PrivilegeMatrix(List.of("public", "queues"), 6, 61, 12, 1464, 1464)), RUN))
                .contains("61 functions and 12 channel-table columns, tried by 6 roles, in 2 schemas (public, queues): 1,464 cases, "
                        + "1,464 passed: **PASS**.");
        assertThat(Report.render(List.of(r), Optional.empty(), RUN))
                .contains("Not in this report: `pgmq-test/target/privilege-matrix.properties` was missing")
                .contains(PrivilegeMatrix.COMMAND);
    }

    @Test
    void findingsSection_comesFromItsResource() {
        assertThat(Report.render(List.of(row("1a", clean(1), List.of())), Optional.empty(), RUN))
                .contains("\n## Findings and fixes\n");
    }
}
