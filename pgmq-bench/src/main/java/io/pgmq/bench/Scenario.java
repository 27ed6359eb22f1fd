package io.pgmq.bench;

import java.io.PrintStream;
import java.util.List;
import javax.sql.DataSource;

/**
 * A scenario of the harness that lives in a class of its own, run by {@link BenchMain} after {@link Bench}'s. Each
 * creates what it needs in the scratch database (channels and raw tables under names of its own), measures pgmq
 * and, where issue 7 names one, its raw baseline in the same run, and returns its report rows.
 */
interface Scenario {

    /** Every such scenario, in report order. */
    List<Scenario> ALL = List.of(new SqlSendBench(), new NotifyModeBench(), new SendBatchBench(),
            new SteadyStateBench(), new CodegenBench(), new SqlGetBench(), new WakeUpBench(), new JsonBench(),
            new MetadataBench(),
            new RabbitGatewayBench());

    /**
     * Runs the scenario and returns its rows.
     *
     * @param dataSource the scratch database, pgmq installed in its default schema; a new connection per call
     * @param settings   how long and how often to measure ({@link Settings#smoke()} for the few-second run)
     * @param progress   where to print what it is doing
     */
    List<Row> run(DataSource dataSource, Settings settings, PrintStream progress) throws Exception;

    /** One bullet of the report's "What the sides do", in markdown, without the leading dash. */
    String sides(Settings settings);
}
