-- An application's own first migration, for BesideAppMigrationsTest: pgmq must live beside it.
CREATE TABLE app_customer (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL);
INSERT INTO app_customer (name) VALUES ('first customer');
