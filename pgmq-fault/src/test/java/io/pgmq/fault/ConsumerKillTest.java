package io.pgmq.fault;

import static io.pgmq.fault.RowAssert.assertPasses;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Scenario 2, scaled: a consumer JVM killed with destroyForcibly loses nothing. */
class ConsumerKillTest {

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void consumerJvmKilledHoldingLeases_losesNothingAndRepeatsOnlyAfterLeaseExpiry() throws Exception {
        assertPasses(ConsumerKill.holdingLeases().run(Size.SCALED, RowAssert.WORK));
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void consumerJvmKilledMidTransaction_rollsBackAndLosesNothing() throws Exception {
        assertPasses(ConsumerKill.midTransaction().run(Size.SCALED, RowAssert.WORK));
    }
}
