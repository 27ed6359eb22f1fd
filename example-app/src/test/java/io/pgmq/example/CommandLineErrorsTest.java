package io.pgmq.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the CLI says when the command line or the server is wrong: one line on stderr and a meaningful exit code. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CommandLineErrorsTest {

    @Test
    void unreachableJdbcUrl_printsOneErrorLineAndExitsOne() {
        CliRun run = CliRun.of("stats", "--jdbc-url", "jdbc:postgresql://127.0.0.1:1/shop");

        assertThat(run.exitCode()).isEqualTo(ShopCli.FAILURE);
        assertThat(run.errLines()).singleElement().asString()
                .startsWith("error: cannot connect to jdbc:postgresql://127.0.0.1:1/shop as \"postgres\": ")
                .contains("SQLSTATE 08001")
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
    }

    @Test
    void jdbcUrlOfAnotherDatabase_printsOneErrorLineAndExitsTwo() {
        CliRun run = CliRun.of("demo", "--jdbc-url", "jdbc:mysql://localhost/shop");

        assertThat(run.exitCode()).isEqualTo(ShopCli.USAGE);
        assertThat(run.errLines()).containsExactly("error: --jdbc-url must be a PostgreSQL JDBC URL such as"
                + " jdbc:postgresql://localhost:5432/shop, was \"jdbc:mysql://localhost/shop\"");
    }

    @Test
    void passwordInJdbcUrl_isNotPrinted() {
        CliRun run = CliRun.of("stats", "--jdbc-url", "jdbc:postgresql://127.0.0.1:1/shop?password=s3cret");

        assertThat(run.err()).doesNotContain("s3cret").contains("jdbc:postgresql://127.0.0.1:1/shop?...");
    }

    @Test
    void unknownOption_exitsTwoWithOneLine() {
        CliRun run = CliRun.of("stats", "--jdbc");

        assertThat(run.exitCode()).isEqualTo(ShopCli.USAGE);
        assertThat(run.errLines()).singleElement().asString()
                .startsWith("error: Unknown option: '--jdbc'")
                .endsWith("(see pgmq-example-app stats --help)");
    }

    @Test
    void help_listsTheSubcommandsAndExitsZero() {
        CliRun run = CliRun.of("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("demo", "send", "consume", "stats", "Exit codes:");
    }

    @Test
    void subcommandHelp_documentsConnectionOptions() {
        CliRun run = CliRun.of("send", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("--jdbc-url=URL", "--user=USER", "--password");
    }
}
