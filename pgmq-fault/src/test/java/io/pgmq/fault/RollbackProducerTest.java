package io.pgmq.fault;

import static io.pgmq.fault.RowAssert.assertPasses;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Scenario 7, scaled: of producers rolling back half their transactions, exactly the committed messages arrive. */
class RollbackProducerTest {

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void producersRollingBackHalfTheTime_deliverExactlyTheCommittedMessages() throws Exception {
        assertPasses(new RollbackProducer().run(Size.SCALED, RowAssert.WORK));
    }
}
