package io.pgmq.example;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/**
 * One in-process run of the CLI: its exit code and what it printed.
 *
 * @param exitCode the exit code
 * @param out      stdout
 * @param err      stderr
 */
record CliRun(int exitCode, String out, String err) {

    /** Runs the CLI with {@code args}. */
    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ShopCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** The non-empty lines of stderr. */
    List<String> errLines() {
        return err.lines().filter(line -> !line.isBlank()).toList();
    }
}
