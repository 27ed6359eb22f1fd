package io.pgmq.fault;

import static io.pgmq.fault.RowAssert.assertPasses;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Scenario 1, scaled: steady load on each payload type loses nothing and handles nothing twice. */
class SteadyLoadTest {

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void steadyLoadOnText_losesNothing() throws Exception {
        assertPasses(SteadyLoad.text().run(Size.SCALED, RowAssert.WORK));
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void steadyLoadOnXml_losesNothing() throws Exception {
        assertPasses(SteadyLoad.xml().run(Size.SCALED, RowAssert.WORK));
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void steadyLoadOnBytea_losesNothing() throws Exception {
        assertPasses(SteadyLoad.bytea().run(Size.SCALED, RowAssert.WORK));
    }
}
