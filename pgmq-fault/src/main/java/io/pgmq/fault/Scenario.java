package io.pgmq.fault;

import java.nio.file.Path;
import java.util.List;

/**
 * One scenario of the fault suite: it makes its own database, runs producers and consumers through its fault and
 * returns its row. Scenarios run one at a time.
 */
interface Scenario {

    /** Every scenario, in the order. */
    List<Scenario> ALL = List.of(SteadyLoad.text(), SteadyLoad.xml(), SteadyLoad.bytea(),
            ConsumerKill.holdingLeases(), ConsumerKill.midTransaction(), new ServerRestart(),
            new BackendTermination(), new PoolExhaustion(), new IdleInTransaction(), new RollbackProducer());

    /** Its number in the issue and docs/reliability.md, e.g. {@code "2a"}. */
    String number();

    /** What it does, e.g. {@code "steady load, text"}. */
    String title();

    /**
     * Runs it at {@code size}, keeping what it writes to disk (consumer JVM logs, a data directory) under
     * {@code workDir}.
     *
     * @throws Exception if the suite itself fails (a database cannot be created); what the scenario finds is in the
     *     row
     */
    Row run(Size size, Path workDir) throws Exception;
}
