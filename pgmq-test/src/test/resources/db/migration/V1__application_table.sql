-- An application's own migration in Flyway's default location (what @PgmqTest(application = true) reads).
CREATE TABLE application_orders (id bigint PRIMARY KEY);
