-- A tiny migration for pgmq-test's own tests: proves Flyway ran, and where.
CREATE TABLE harness_table (
    id   bigint PRIMARY KEY,
    note text NOT NULL
);
