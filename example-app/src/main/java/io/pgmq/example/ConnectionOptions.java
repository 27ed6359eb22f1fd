package io.pgmq.example;

import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** The options every subcommand takes to choose its database. */
final class ConnectionOptions {

    @Option(names = "--jdbc-url", paramLabel = "URL",
            description = "PostgreSQL to use, e.g. jdbc:postgresql://localhost:5432/shop. Default: start an embedded"
                    + " PostgreSQL for this command only.")
    String jdbcUrl;

    @Option(names = "--user", paramLabel = "USER", defaultValue = "postgres",
            description = "Database user for --jdbc-url (default: ${DEFAULT-VALUE}).")
    String user;

    @Option(names = "--password", paramLabel = "PASSWORD", defaultValue = "", arity = "0..1", interactive = false,
            description = "Password for --jdbc-url (default: none).")
    String password;

    /** Opens the chosen database and migrates it, printing progress to {@code out}. */
    ShopDatabase open(PrintWriter out) {
        return jdbcUrl == null ? ShopDatabase.embedded(out) : ShopDatabase.connect(jdbcUrl, user, password, out);
    }
}
