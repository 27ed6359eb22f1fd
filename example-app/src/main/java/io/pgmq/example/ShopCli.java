package io.pgmq.example;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The example shop's command line: {@code demo}, {@code send}, {@code consume} and {@code stats}.
 *
 * <p>Exit codes: {@value #OK} when the command did its work, {@value #FAILURE} when it failed (the database could
 * not be reached, a message was refused), {@value #USAGE} for a command line that makes no sense. Errors are one
 * line on stderr, without a stack trace.
 */
@Command(
        name = "pgmq-example-app",
        mixinStandardHelpOptions = true,
        version = "pgmq example app 0.1.0-SNAPSHOT",
        description = {
            "A small shop back end on pgmq: orders in PostgreSQL, their emails, invoices and thumbnails as messages.",
            "Without --jdbc-url each command starts its own embedded PostgreSQL (data in a temp folder, deleted at"
                    + " the end)."
        },
        subcommands = {DemoCommand.class, SendCommand.class, ConsumeCommand.class, StatsCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:failure (database unreachable, message refused, ...)",
            "2:invalid command line"})
public final class ShopCli implements Runnable {

    /** The command did its work. */
    public static final int OK = 0;
    /** The command failed; stderr says why. */
    public static final int FAILURE = 1;
    /** The command line was invalid; stderr says what to change. */
    public static final int USAGE = 2;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /**
     * Runs the CLI and exits with its exit code.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /**
     * Runs the CLI, printing to {@code out} and {@code err}, and returns the exit code (for tests).
     *
     * @param out where progress and results go
     * @param err where errors go
     * @param args the command line
     * @return {@link #OK}, {@link #FAILURE} or {@link #USAGE}
     */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        // jOOQ prints a logo and tips at INFO; they mean nothing to someone trying the demo
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        CommandLine cli = new CommandLine(new ShopCli());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExitCodeExceptionMapper(e -> e instanceof UsageException ? USAGE : FAILURE);
        cli.setParameterExceptionHandler((e, arguments) -> {
            e.getCommandLine().getErr().println("error: " + e.getMessage() + " (see "
                    + e.getCommandLine().getCommandSpec().qualifiedName() + " --help)");
            return USAGE;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + oneLine(e));
            return e instanceof UsageException ? USAGE : FAILURE;
        });
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** Without a subcommand: say what there is. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The message of an exception and its causes that say something new, on one line. */
    static String oneLine(Throwable e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            String message = cause.getMessage() == null ? null : cause.getMessage().replaceFirst("\\.$", "");
            if (message != null && !text.toString().contains(message)) {
                if (text.charAt(text.length() - 1) == '.') {
                    text.setLength(text.length() - 1);
                }
                text.append(": ").append(message);
            }
        }
        return text.toString().replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
