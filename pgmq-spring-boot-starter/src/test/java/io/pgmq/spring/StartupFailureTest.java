package io.pgmq.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.pgmq.spring.app.TestApp;
import io.pgmq.test.PgmqDatabase;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.core.NestedExceptionUtils;

@Timeout(120)
class StartupFailureTest {

    static final PgmqDatabase DB = TestDatabase.create();

    @AfterAll
    static void drop() {
        DB.close();
    }

    /** Listens to a channel no migration creates. */
    static class MissingChannel {
        @PgmqListener("nowhere")
        void on(String payload) {
        }
    }

    /** Takes an Integer from a text channel. */
    static class WrongPayloadType {
        @PgmqListener("SENDS")
        void on(Integer payload) {
        }
    }

    /** Takes two parameters. */
    static class TwoParameters {
        @PgmqListener("sends")
        void on(String payload, String other) {
        }
    }

    /** A batch in a transactional listener. */
    static class TransactionalBatch {
        @PgmqListener(value = "sends", transactional = true)
        void on(java.util.List<String> payloads) {
        }
    }

    @Test
    void missingChannel_failsStartup_namingTheChannelWhatWasFoundAndTheFix() {
        assertStartupFails(MissingChannel.class)
                .hasMessageContaining("channel \"nowhere\" (listened to by MissingChannel.on(String)) does not exist"
                        + " in schema \"public\" (found there: audit, batch_orders, documents")
                .hasMessageContaining("./mvnw pgmq:make-migrations");
    }

    @Test
    void listenerOfTheWrongPayloadType_failsStartup_namingTheMethodAndWhatIsWrong() {
        assertStartupFails(WrongPayloadType.class)
                .hasMessageContaining("@PgmqListener(\"SENDS\") WrongPayloadType.on(Integer)")
                .hasMessageContaining("takes Integer, but channel \"sends\" holds text payloads, read as String;"
                        + " take String");
    }

    @Test
    void listenerWithTwoParameters_failsStartup() {
        assertStartupFails(TwoParameters.class)
                .hasMessageContaining("TwoParameters.on(String, String)")
                .hasMessageContaining("takes 2 parameters; a listener takes one");
    }

    @Test
    void transactionalBatchListener_failsStartup() {
        assertStartupFails(TransactionalBatch.class)
                .hasMessageContaining("TransactionalBatch.on(List)")
                .hasMessageContaining("a transactional listener handles one message per call");
    }

    @Test
    void databaseWithoutPgmq_failsStartup_sayingTheMigrationsDidNotRun() {
        try (PgmqDatabase empty = TestDatabase.create()) {
            assertThat(mostSpecific(() -> new SpringApplicationBuilder(TestApp.class)
                    .properties(TestDatabase.properties(empty))
                    .properties("spring.flyway.enabled=false")
                    .run().close()))
                    .hasMessageContaining("schema \"public\" has no pgmq catalog")
                    .hasMessageContaining("pgmq's core migrations did not run there");
        }
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertStartupFails(Class<?> listener) {
        return assertThat(mostSpecific(() -> new SpringApplicationBuilder(TestApp.class, listener)
                .properties(TestDatabase.properties(DB))
                .run().close()));
    }

    /** What startup threw, as the application's log shows it last: the innermost cause, or itself. */
    private static Throwable mostSpecific(ThrowingCallable startup) {
        Throwable thrown = catchThrowable(startup);
        assertThat(thrown).as("startup fails").isNotNull();
        return NestedExceptionUtils.getMostSpecificCause(thrown);
    }
}
