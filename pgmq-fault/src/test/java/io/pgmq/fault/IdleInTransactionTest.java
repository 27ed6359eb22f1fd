package io.pgmq.fault;

import static io.pgmq.fault.RowAssert.assertPasses;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Scenario 6, scaled: a session idle in transaction holds back cleanup, and nothing is lost. */
class IdleInTransactionTest {

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void sessionIdleInTransaction_holdsBackCleanupAndLosesNothing() throws Exception {
        assertPasses(new IdleInTransaction().run(Size.SCALED, RowAssert.WORK));
    }
}
