-- The fault suite's own tables, created beside pgmq's in each scenario's scratch database.

-- One row per message a producer committed, written in the producer's transaction together with the send: the
-- known set of ids. A producer whose commit failed looks its id up here to learn whether the commit happened.
-- tried_at is when the producer first tried to send the id (a failed transaction is retried): recovery from a fault
-- is measured to the handling of the last id tried before the fault ended.
CREATE TABLE fault_sent (
    id       bigint PRIMARY KEY,
    channel  text        NOT NULL,
    msg_id   bigint      NOT NULL,
    producer text        NOT NULL,
    tried_at timestamptz NOT NULL
);

-- One row per handling, written by the handler in the transaction of its effect (the row is the effect): a message
-- handled twice has two rows. What the delivery said is kept to explain a repeat: its attempt, its lease (NULL for a
-- locked claim) and the last error the message carried.
CREATE TABLE fault_ledger (
    seq              bigserial PRIMARY KEY,
    id               bigint      NOT NULL,
    channel          text        NOT NULL,
    msg_id           bigint      NOT NULL,
    attempt          integer     NOT NULL,
    lease_token      uuid,
    lease_expires_at timestamptz,
    last_error       text,
    consumer         text        NOT NULL,
    handled_at       timestamptz NOT NULL
);
CREATE INDEX fault_ledger_id ON fault_ledger (id);
