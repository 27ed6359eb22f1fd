-- The shop's own table. pgmq's migrations (V2 and later, under pgmq/) were written by
-- pgmq make-migrations, numbered after this one; they share Flyway's history table with it.
CREATE TABLE orders (
    order_id   bigint        GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer   text          NOT NULL,
    email      text          NOT NULL,
    item       text          NOT NULL,
    amount     numeric(10,2) NOT NULL CHECK (amount > 0),
    placed_at  timestamptz   NOT NULL DEFAULT now()
);
