package io.pgmq.example;

/** A command line that cannot work, found after parsing (e.g. a malformed --jdbc-url); exit code 2. */
final class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
