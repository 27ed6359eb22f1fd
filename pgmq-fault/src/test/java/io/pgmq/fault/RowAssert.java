package io.pgmq.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

/** The one assertion every scenario test makes: its row passes, else the message lists what failed. */
final class RowAssert {

    /** Where scaled runs keep consumer JVM logs and the restart scenario's data directory. */
    static final Path WORK = Path.of("target", "fault-work");

    private RowAssert() {
    }

    /** Asserts that {@code row} lost nothing, explained every repeat and held its checks; returns it. */
    static Row assertPasses(Row row) {
        // the row as docs/reliability.md shows it, in the test's output file, to read how a scaled run went
        System.out.println(Report.line(row));
        System.out.println(Report.details(row));
        assertThat(row.failures())
                .as("scenario %s (%s, %s): %s committed, %s handlings, repeats %s", row.number(), row.title(),
                        row.setup(), row.tally().committed(), row.tally().handled(), row.repeatsCell())
                .isEmpty();
        assertThat(row.tally().committed()).as("messages committed").isPositive();
        return row;
    }
}
