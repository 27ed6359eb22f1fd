-- pgmq core script V5__notify_modes.sql, vendored from pgmq-schema by pgmq make-migrations.
-- Written by pgmq make-migrations. Do not edit: channels.lock.json records its checksum.

-- pgmq core, version 5: per-channel notify modes.
--
-- Why: PostgreSQL serialises the commits of all transactions that sent a NOTIFY (one database-wide lock, held
-- across the commit's WAL flush), so a producer that notifies on every send loses about half its throughput at 4
-- sessions. A consumer that is busy does not need the wake-up: it claims again as soon as a handler is free, and
-- its poll interval bounds any wake-up it misses. So a channel chooses when its sends notify (notify_mode):
--
--   always     every insert NOTIFYs "<channel>" with the new msg_id (version 1's trigger; the default, so channels
--              created from SQL keep working with a plain `LISTEN "<channel>"` in psql).
--   when_idle  an insert NOTIFYs only while some consumer has registered itself idle on the channel
--              (pg_mq_register_idle): then busy consumers keep NOTIFY, and its commit lock, off the producers'
--              commit path. A registration names the registering backend; rows of backends that no longer exist are
--              ignored by the trigger and removed by the next registration on the channel.
--   never      no trigger at all: consumers poll.
--
-- The trigger of a channel table is chosen by pg_mq_create_trigger (replaced below), so pg_mq_create_queue,
-- pg_mq_rebuild_triggers and pg_mq_set_notify_mode all honour the mode; the 'always' trigger is version 1's
-- pg_mq_notify unchanged, so the default send path costs what it did.

ALTER TABLE pg_mq_config_catalog
    ADD COLUMN notify_mode text NOT NULL DEFAULT 'always' CHECK (notify_mode IN ('always', 'when_idle', 'never'));

-- Consumers waiting for a wake-up, per channel: one row per (channel, backend). UNLOGGED: it is session state, not
-- data (a crash empties it, and every consumer registers again on its next idle wait).
--
-- Who may register: a role that may receive from the channel (UPDATE on its table, see pg_mq_grant_receive), and
-- only its own backend. Row level security enforces both, so the functions run as the caller (SECURITY INVOKER)
-- and no role can register another session or a channel it cannot read. Everyone may read the rows, because the
-- trigger runs as the sender. Deleting is allowed for one's own rows and for rows of backends that no longer
-- exist (the cleanup pg_mq_register_idle does).
CREATE UNLOGGED TABLE pg_mq_idle_consumers (
    channel     text        NOT NULL,
    backend_pid integer     NOT NULL,
    since       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (channel, backend_pid)
);
COMMENT ON TABLE pg_mq_idle_consumers IS 'pgmq: consumers registered idle on a channel (its when_idle sends notify them); one row per backend.';
REVOKE ALL ON pg_mq_idle_consumers FROM PUBLIC;
GRANT SELECT, INSERT, DELETE ON pg_mq_idle_consumers TO PUBLIC;
ALTER TABLE pg_mq_idle_consumers ENABLE ROW LEVEL SECURITY;

-- Internal: true when the current role may receive from in_channel (UPDATE on its table).
CREATE FUNCTION pg_mq_may_receive(in_channel text) RETURNS boolean
    LANGUAGE sql STABLE AS $fn$
SELECT EXISTS (SELECT 1 FROM pg_mq_config_catalog c
                WHERE c.channel = in_channel
                  AND has_table_privilege(format('%I.%I', current_schema(), c.table_name), 'UPDATE'))
$fn$;

-- Internal: true while the backend in_pid exists (a registration of a backend that is gone is stale).
CREATE FUNCTION pg_mq_backend_alive(in_pid integer) RETURNS boolean
    LANGUAGE sql STABLE AS $fn$
SELECT EXISTS (SELECT 1 FROM pg_stat_get_activity(in_pid))
$fn$;

CREATE POLICY pg_mq_idle_read ON pg_mq_idle_consumers FOR SELECT USING (true);
CREATE POLICY pg_mq_idle_register ON pg_mq_idle_consumers FOR INSERT
    WITH CHECK (backend_pid = pg_backend_pid() AND pg_mq_may_receive(channel));
CREATE POLICY pg_mq_idle_unregister ON pg_mq_idle_consumers FOR DELETE
    USING (backend_pid = pg_backend_pid() OR NOT pg_mq_backend_alive(backend_pid));

-- Registers the calling session as an idle consumer of in_channel: until it unregisters (or its session ends), the
-- channel's when_idle sends NOTIFY "<channel>". Call it on the session that LISTENs, so the registration names the
-- backend that gets the wake-up and goes stale with it; then claim once more before waiting, since a message sent
-- just before the registration did not notify. Also removes the channel's registrations of backends that are gone.
-- Needs receive rights on the channel (pg_mq_grant_receive): 42501 otherwise. Works in every mode (registering on
-- an 'always' or 'never' channel changes nothing). Returns false if the session was registered already.
CREATE FUNCTION pg_mq_register_idle(in_channel text) RETURNS boolean
    LANGUAGE plpgsql AS $fn$
DECLARE
    v_row pg_mq_config_catalog := pg_mq_channel(in_channel);
    v_new boolean;
BEGIN
    IF NOT pg_mq_may_receive(in_channel) THEN
        RAISE EXCEPTION 'channel "%": role % may not register as an idle consumer: it may not receive from the channel',
                in_channel, format('%I', current_user)
            USING ERRCODE = '42501',
                  HINT = format('Grant it with pg_mq_grant_receive(%L, %L).', in_channel, current_user);
    END IF;
    DELETE FROM pg_mq_idle_consumers i
     WHERE i.channel = in_channel AND i.backend_pid <> pg_backend_pid() AND NOT pg_mq_backend_alive(i.backend_pid);
    INSERT INTO pg_mq_idle_consumers (channel, backend_pid) VALUES (v_row.channel, pg_backend_pid())
        ON CONFLICT (channel, backend_pid) DO NOTHING;
    GET DIAGNOSTICS v_new = ROW_COUNT;
    RETURN v_new;
END
$fn$;

-- Takes back the calling session's pg_mq_register_idle on in_channel (when it has work again). Returns false if
-- the session was not registered. Never fails for a channel that is gone: a consumer may stop after a drop.
CREATE FUNCTION pg_mq_unregister_idle(in_channel text) RETURNS boolean
    LANGUAGE plpgsql AS $fn$
DECLARE
    v_gone boolean;
BEGIN
    DELETE FROM pg_mq_idle_consumers i WHERE i.channel = in_channel AND i.backend_pid = pg_backend_pid();
    GET DIAGNOSTICS v_gone = ROW_COUNT;
    RETURN v_gone;
END
$fn$;

-- The trigger of a when_idle channel table: NOTIFY "<channel>" with the new msg_id, but only while a live backend
-- is registered idle on the channel. With nobody registered this is one index probe and no NOTIFY, so the sending
-- transaction's commit does not take the NOTIFY lock; the liveness check runs only when a row is found.
--
-- It is on every send's path, so it is the one pgmq function without a pinned search_path: a SET clause costs
-- ~8 us per call (a GUC save and restore and plan revalidation, measured: bench/README.md), more than the rest of
-- the trigger. Instead every name in its body is qualified (this schema, pg_catalog's operator, function and type),
-- written with format('%I', current_schema()) because migrations take no placeholders, and pg_mq_pin_search_path
-- (replaced below) leaves it alone. It runs as the sender (SECURITY INVOKER), like the INSERT that fires it.
DO $create$
BEGIN
    EXECUTE format($ddl$
CREATE FUNCTION %1$I.pg_mq_notify_when_idle() RETURNS trigger
    LANGUAGE plpgsql AS $fn$
BEGIN
    IF EXISTS (SELECT 1 FROM %1$I.pg_mq_idle_consumers i
                WHERE i.channel OPERATOR(pg_catalog.=) TG_ARGV[0] AND %1$I.pg_mq_backend_alive(i.backend_pid)) THEN
        PERFORM pg_catalog.pg_notify(TG_ARGV[0], NEW.msg_id::pg_catalog.text);
    END IF;
    RETURN NULL;
END
$fn$$ddl$, current_schema());
END
$create$;

-- Internal: (re)creates the notify trigger of one channel table for the channel's notify_mode ('always' for a
-- channel not in the catalog yet: pg_mq_create_queue calls this before inserting its row).
CREATE OR REPLACE FUNCTION pg_mq_create_trigger(in_channel text, in_table name) RETURNS void
    LANGUAGE plpgsql AS $fn$
DECLARE
    v_mode text := coalesce((SELECT c.notify_mode FROM pg_mq_config_catalog c WHERE c.channel = in_channel), 'always');
BEGIN
    IF EXISTS (SELECT 1 FROM pg_trigger
                WHERE tgname = 'pg_mq_notify' AND tgrelid = format('%I.%I', current_schema(), in_table)::regclass) THEN
        EXECUTE format('DROP TRIGGER pg_mq_notify ON %I.%I', current_schema(), in_table);
    END IF;
    IF v_mode = 'always' THEN
        EXECUTE format('CREATE TRIGGER pg_mq_notify AFTER INSERT ON %I.%I FOR EACH ROW EXECUTE FUNCTION %I.pg_mq_notify(%L)',
                       current_schema(), in_table, current_schema(), in_channel);
    ELSIF v_mode = 'when_idle' THEN
        EXECUTE format('CREATE TRIGGER pg_mq_notify AFTER INSERT ON %I.%I FOR EACH ROW EXECUTE FUNCTION %I.pg_mq_notify_when_idle(%L)',
                       current_schema(), in_table, current_schema(), in_channel);
    END IF;
END
$fn$;

-- Sets when a channel's sends NOTIFY "<channel>": 'always' (every send), 'when_idle' (only while a consumer is
-- registered idle, see pg_mq_register_idle) or 'never' (consumers poll). Takes effect for transactions that start
-- after this one commits (it replaces the channel table's trigger, which locks the table briefly).
CREATE FUNCTION pg_mq_set_notify_mode(in_channel text, in_mode text)
    RETURNS pg_mq_config_catalog
    LANGUAGE plpgsql SECURITY DEFINER AS $fn$
DECLARE
    v_row pg_mq_config_catalog := pg_mq_channel(in_channel);
BEGIN
    IF in_mode IS NULL OR in_mode NOT IN ('always', 'when_idle', 'never') THEN
        RAISE EXCEPTION 'channel "%": notify mode % is not supported: expected always, when_idle or never',
                in_channel, coalesce(quote_literal(in_mode), 'NULL')
            USING ERRCODE = 'PQ005',
                  HINT = 'Pass ''always'' (notify every send), ''when_idle'' (notify only idle consumers) or ''never'' (consumers poll).';
    END IF;
    UPDATE pg_mq_config_catalog c SET notify_mode = in_mode WHERE c.channel = in_channel
    RETURNING * INTO v_row;
    PERFORM pg_mq_create_trigger(v_row.channel, v_row.table_name);
    RETURN v_row;
END
$fn$;

-- Internal: as version 1's, except for pg_mq_notify_when_idle, whose body qualifies every name (see above).
CREATE OR REPLACE FUNCTION pg_mq_pin_search_path() RETURNS void
    LANGUAGE plpgsql AS $fn$
DECLARE
    v_fn regprocedure;
BEGIN
    FOR v_fn IN
        SELECT p.oid::regprocedure FROM pg_proc p
         WHERE p.pronamespace = current_schema()::regnamespace AND p.proname LIKE 'pg\_mq\_%'
           AND p.proname <> 'pg_mq_notify_when_idle'
    LOOP
        EXECUTE format('ALTER FUNCTION %s SET search_path = %I, pg_temp', v_fn, current_schema());
    END LOOP;
END
$fn$;

REVOKE EXECUTE ON FUNCTION pg_mq_set_notify_mode(text, text), pg_mq_create_trigger(text, name), pg_mq_pin_search_path()
  FROM PUBLIC;

SELECT pg_mq_pin_search_path();
