-- The shop's own tables. pgmq's migrations (V2 and later, under pgmq/) were written by
-- pgmq make-migrations, numbered after this one; Boot's Flyway applies both from classpath:db/migration.
CREATE TABLE orders (
    order_id   bigint        GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer   text          NOT NULL,
    email      text          NOT NULL,
    item       text          NOT NULL,
    status     text          NOT NULL DEFAULT 'PLACED',
    placed_at  timestamptz   NOT NULL DEFAULT now()
);

CREATE TABLE sent_emails (
    order_id   bigint        NOT NULL REFERENCES orders,
    body       text          NOT NULL,
    sent_at    timestamptz   NOT NULL DEFAULT now()
);

CREATE TABLE shipments (
    order_id   bigint        PRIMARY KEY REFERENCES orders,
    shipped_at timestamptz   NOT NULL DEFAULT now()
);
