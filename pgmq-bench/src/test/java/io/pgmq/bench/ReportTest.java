package io.pgmq.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalDouble;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class ReportTest {

    @Test
    void misses_listEachFailingRowWithItsFigureTargetAndReason() {
        List<Row> rows = List.of(
                new Row("send autocommit, 1 thread", "msg/s", 9000, OptionalDouble.of(9100), List.of(), ">= 0.9x",
                        true, ""),
                new Row("claim + ack by 100, 1 consumer", "msg/s", 72329, OptionalDouble.of(156163), List.of(),
                        ">= 0.8x", false, ""),
                new Row("something new", "ms", 12.5, OptionalDouble.empty(), List.of(), "<= 2 ms", false, ""),
                new Row("claim + ack by 100, 8 consumers / 4 consumers (no drop)", "x", 0.787, OptionalDouble.empty(),
                        List.of(), ">= 0.95x", false, ""));

        String misses = Report.misses(rows);

        assertThat(misses).doesNotContain("send autocommit")
                .contains("- claim + ack by 100, 1 consumer: 0.463x against >= 0.8x. The lease:")
                .contains("- something new: 12.50 ms against <= 2 ms. Not analysed yet")
                .contains("(no drop): 0.787x against >= 0.95x. Two cores:");
    }

    @Test
    void misses_ofARowWhoseRoundsPartlyMetTheTarget_saySoWithTheRounds() {
        Row row = new Row("send autocommit, 4 threads", "msg/s", 8000, OptionalDouble.of(9000), List.of(0.95, 0.85, 0.8),
                ">= 0.9x", false, "");
        Row none = new Row("send autocommit, 1 thread", "msg/s", 8000, OptionalDouble.of(9000), List.of(0.85, 0.8),
                ">= 0.9x", false, "");

        assertThat(Report.misses(List.of(row, none)))
                .contains("- send autocommit, 4 threads: 0.850x against >= 0.9x. 1 of 3 rounds met the target "
                        + "(0.950 0.850 0.800)")
                .contains("- send autocommit, 1 thread: 0.825x against >= 0.9x. Not analysed yet");
    }

    @Test
    void misses_callTheRunUndecidedOnlyWhenTwoRoundsInFiveMetTheTarget() {
        Row straddling = new Row("send autocommit, 4 threads", "msg/s", 8000, OptionalDouble.of(9000),
                List.of(0.95, 0.85, 0.8, 0.92, 0.87), ">= 0.9x", false, "");
        Row outlier = new Row("send autocommit, 1 thread", "msg/s", 8000, OptionalDouble.of(9000),
                List.of(0.95, 0.85, 0.8, 0.82, 0.87), ">= 0.9x", false, "");

        String misses = Report.misses(List.of(straddling, outlier));

        assertThat(misses)
                .contains("- send autocommit, 4 threads: 0.870x against >= 0.9x. 2 of 5 rounds met the target (0.950 "
                        + "0.850 0.800 0.920 0.870): the rounds straddle the target, so this run alone cannot tell")
                .contains("- send autocommit, 1 thread: 0.850x against >= 0.9x. 1 of 5 rounds met the target (0.950 "
                        + "0.850 0.800 0.820 0.870). Not analysed yet");
    }

    @Test
    void ratio_ofARowWithRounds_isTheMedianOfThePerRoundRatiosNotTheRatioOfTheMedians() {
        Row rounds = new Row("SQL pg_mq_send_message, 1 session", "msg/s", 7000, OptionalDouble.of(8400),
                List.of(0.950, 0.942, 0.944, 1.005, 0.696), ">= 0.85x", true, "");
        Row noRounds = new Row("send autocommit, 1 thread", "msg/s", 7000, OptionalDouble.of(8400), List.of(),
                ">= 0.9x", false, "");

        assertThat(rounds.ratio()).hasValue(0.944);
        assertThat(noRounds.ratio().getAsDouble()).isCloseTo(0.8333, Offset.offset(1e-4));
    }

    @Test
    void misses_whenEveryRowPasses_sayThatPlainly() {
        Row ok = new Row("codegen", "ms", 900, OptionalDouble.empty(), List.of(), "< 3,000 ms", true, "");

        assertThat(Report.misses(List.of(ok))).contains("Every row meets its target.");
    }

    @Test
    void merge_replacesTheScenariosRowsAndLeavesEveryOtherRowAsItWas() {
        Row send = new Row("send autocommit, 1 thread", "msg/s", 9000, OptionalDouble.of(9100), List.of(0.99),
                ">= 0.9x", true, "");
        Row oldGet = new Row("SQL getter, 1 session", "msg/s", 600, OptionalDouble.of(1000), List.of(0.6),
                ">= 0.85x", false, "");
        String report = render(List.of(send, oldGet));
        Row newGet = new Row("SQL getter, 1 session", "msg/s", 990, OptionalDouble.of(1000), List.of(0.99),
                ">= 0.85x", true, "");

        String merged = ReportMerge.merge(report, "SqlGetBench", List.of(newGet), "SQL getters: the new sides.",
                "(its rows): full, 2 s per run");

        assertThat(merged).contains(Report.tableRow(send)).contains(Report.tableRow(newGet))
                .doesNotContain(Report.tableRow(oldGet))
                .contains("- merged: `--only SqlGetBench` (its rows): full, 2 s per run\n")
                .contains("- SQL getters: the new sides.\n")
                .contains("Every row meets its target.")
                .doesNotContain("Rows that miss their targets");
        assertThat(merged.indexOf("- merged:")).isLessThan(merged.indexOf("| scenario |"));
    }

    @Test
    void merge_ofARowTheReportLacks_appendsItToTheTableAndItsMissToTheReasons() {
        Row send = new Row("send autocommit, 1 thread", "msg/s", 9000, OptionalDouble.of(9100), List.of(0.99),
                ">= 0.9x", true, "");
        Row codegen = new Row("codegen, 1,000 channels: generate, fresh JVM", "ms", 900, OptionalDouble.empty(),
                List.of(), "< 3,000 ms", true, "");
        String report = render(List.of(send, codegen));
        Row get = new Row("SQL getter, 2 sessions", "msg/s", 700, OptionalDouble.of(1000), List.of(0.7),
                ">= 0.85x", false, "");

        String once = ReportMerge.merge(report, "SqlGetBench", List.of(get), "SQL getters: sides.", "run one");
        String twice = ReportMerge.merge(once, "SqlGetBench", List.of(get), "SQL getters: sides.", "run two");

        assertThat(once.indexOf(Report.tableRow(get))).isGreaterThan(once.indexOf(Report.tableRow(codegen)));
        assertThat(once).contains("Rows that miss their targets, and why:\n\n- SQL getter, 2 sessions: 0.700x")
                .doesNotContain("Every row meets its target.");
        assertThat(twice).isEqualTo(once.replace("run one", "run two"));
    }

    private static String render(List<Row> rows) {
        Machine machine = new Machine(2, "17", "jdbc:postgresql://localhost/db", "17.6", "off", "off", "on", "0.5");
        return Report.render(rows, machine, Settings.fullRun(2, 5), java.time.Instant.parse("2026-12-01T00:00:00Z"));
    }
}
