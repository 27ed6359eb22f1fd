package io.pgmq.fault;

import static io.pgmq.fault.RowAssert.assertPasses;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Scenario 3, scaled: PostgreSQL stopped and started mid-run loses nothing. */
class ServerRestartTest {

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void serverStoppedAndStartedMidRun_losesNothing() throws Exception {
        assertPasses(new ServerRestart().run(Size.SCALED, RowAssert.WORK));
    }
}
