package io.pgmq.fault;

import static io.pgmq.fault.RowAssert.assertPasses;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Scenario 4, scaled: terminating the consumers' and LISTEN sessions again and again loses nothing. */
class BackendTerminationTest {

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void consumerAndListenSessionsTerminatedRepeatedly_losesNothing() throws Exception {
        assertPasses(new BackendTermination().run(Size.SCALED, RowAssert.WORK));
    }
}
