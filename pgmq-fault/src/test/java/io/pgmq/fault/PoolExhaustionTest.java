package io.pgmq.fault;

import static io.pgmq.fault.RowAssert.assertPasses;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Scenario 5, scaled: the application's HikariCP pool exhausted for seconds loses nothing. */
class PoolExhaustionTest {

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void applicationPoolExhaustedForSeconds_losesNothing() throws Exception {
        assertPasses(new PoolExhaustion().run(Size.SCALED, RowAssert.WORK));
    }
}
