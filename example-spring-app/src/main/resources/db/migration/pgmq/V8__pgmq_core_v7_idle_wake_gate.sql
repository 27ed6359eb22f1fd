-- pgmq core script V7__idle_wake_gate.sql, vendored from pgmq-schema by pgmq make-migrations.
-- Written by pgmq make-migrations. Do not edit: channels.lock.json records its checksum.

-- pgmq core, version 7: a when_idle send with nobody registered idle does not call the trigger function.
--
-- Why: with every consumer busy (nobody registered idle, the common case under load) a when_idle send still called
-- pg_mq_notify_when_idle for every row, only to find nobody, and calling a PL/pgSQL trigger costs ~35% of a CPU-bound
-- INSERT: when_idle sends reached ~0.6x of an INSERT into a table without a trigger (bench/README.md, "Notify modes";
-- the target is 0.8x).
--
-- So the trigger of a when_idle channel has a WHEN clause, which PostgreSQL evaluates without calling any function of
-- ours, and the function runs (checks liveness and NOTIFYs, as in version 5) only while it is true:
--
--   WHEN (pg_catalog.pg_sequence_last_value('<schema>.pg_mq_wake_<channel>'::pg_catalog.regclass) > 0)
--
-- pg_mq_wake_<channel> is a counter, not a source of ids: the number of the channel's registrations (its rows in
-- pg_mq_idle_consumers). A sequence, because its value is shared and outside transactions: every sender reads the
-- latest setval() with one buffer read, without a snapshot or a scan. (The prefix is 11 bytes, one less than
-- pg_mq_queue_, so every channel name fits; pg_mq_idle_<channel> would collide with pg_mq_idle_consumers.)
--
-- A deferred trigger on pg_mq_idle_consumers keeps the count, so pg_mq_register_idle, pg_mq_unregister_idle and a
-- registration INSERTed or DELETEd by hand (row level security allows both) all do. A count too high is harmless: the
-- function runs and finds nobody alive, as before. A count of 0 while someone is registered would lose that
-- consumer's wake-ups until its next poll, so:
--   - the count changes when the registration commits (the trigger is deferred), since setval() is not undone by a
--     rollback: an unregistration that rolls back leaves the count as it was;
--   - the channel's count changes under an advisory lock held until commit, so each change starts from every earlier
--     change committed: under READ COMMITTED it counts the rows anew (a fresh snapshot, taken after the lock, sees
--     them all); under REPEATABLE READ or SERIALIZABLE, whose snapshot may predate them, it adds 1 or takes 1 away.
-- Channels that were when_idle before this version get their sequence and their new trigger below.

-- Internal: brings the idle count of in_channel (its sequence pg_mq_wake_<channel>; nothing if the channel has none)
-- up to date: in_delta registrations more (+1 or -1), or counted anew when in_delta is NULL. Call it just before the
-- change commits (its lock is held until then).
CREATE FUNCTION pg_mq_idle_count(in_channel text, in_delta integer) RETURNS void
    LANGUAGE plpgsql AS $fn$
DECLARE
    v_seq   regclass;
    v_count bigint;
BEGIN
    -- first: pg_mq_create_trigger counts under this lock too, so a registration is in its count or, committing after
    -- it, finds the new sequence (under READ COMMITTED; pg_class, as to_regclass may answer from a stale cache)
    PERFORM pg_advisory_xact_lock(hashtext(current_schema() || '.pg_mq_wake_' || in_channel));
    SELECT c.oid INTO v_seq FROM pg_class c
     WHERE c.relnamespace = current_schema()::regnamespace AND c.relname = 'pg_mq_wake_' || in_channel
       AND c.relkind = 'S';
    IF v_seq IS NULL THEN
        RETURN;
    END IF;
    IF in_delta IS NULL OR current_setting('transaction_isolation') = 'read committed' THEN
        SELECT count(*) INTO v_count FROM pg_mq_idle_consumers i WHERE i.channel = in_channel;
    ELSE
        v_count := greatest(coalesce(pg_sequence_last_value(v_seq), 0) + in_delta, 0);
    END IF;
    -- is_called true: pg_sequence_last_value() is NULL until then, and the WHEN clause would never be true
    PERFORM setval(v_seq, v_count, true);
END
$fn$;

-- Internal: the trigger of pg_mq_idle_consumers, keeping each channel's idle count. SECURITY DEFINER because only the
-- owner may setval() the sequences; a trigger function cannot be called directly, and firing it needs no EXECUTE.
CREATE FUNCTION pg_mq_idle_consumers_changed() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER AS $fn$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM pg_mq_idle_count(NEW.channel, 1);
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM pg_mq_idle_count(OLD.channel, -1);
    ELSIF OLD.channel IS DISTINCT FROM NEW.channel THEN
        PERFORM pg_mq_idle_count(OLD.channel, -1);
        PERFORM pg_mq_idle_count(NEW.channel, 1);
    END IF;
    RETURN NULL;
END
$fn$;

CREATE CONSTRAINT TRIGGER pg_mq_idle_count
    AFTER INSERT OR DELETE OR UPDATE OF channel ON pg_mq_idle_consumers
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION pg_mq_idle_consumers_changed();

-- Internal: (re)creates the notify trigger of one channel table for the channel's notify_mode ('always' for a
-- channel not in the catalog yet: pg_mq_create_queue calls this before inserting its row). A when_idle channel gets
-- its idle count, pg_mq_wake_<channel>, set to its registrations now; the other modes drop it.
--
-- The sequence is OWNED BY the table, so dropping the channel drops it, but by its payload column: tools find an
-- identity column's sequence with pg_get_serial_sequence(table, 'msg_id'), which returns whichever sequence owned by
-- msg_id it meets first. SELECT on it is granted to PUBLIC: senders evaluate the WHEN clause with their own rights,
-- and pg_sequence_last_value needs SELECT (or USAGE, which would allow nextval()).
CREATE OR REPLACE FUNCTION pg_mq_create_trigger(in_channel text, in_table name) RETURNS void
    LANGUAGE plpgsql AS $fn$
DECLARE
    v_mode text := coalesce((SELECT c.notify_mode FROM pg_mq_config_catalog c WHERE c.channel = in_channel), 'always');
    v_seq  name := ('pg_mq_wake_' || in_channel)::name;
    v_kind "char" := (SELECT c.relkind FROM pg_class c
                       WHERE c.relnamespace = current_schema()::regnamespace AND c.relname = v_seq);
BEGIN
    IF EXISTS (SELECT 1 FROM pg_trigger
                WHERE tgname = 'pg_mq_notify' AND tgrelid = format('%I.%I', current_schema(), in_table)::regclass) THEN
        EXECUTE format('DROP TRIGGER pg_mq_notify ON %I.%I', current_schema(), in_table);
    END IF;
    IF v_mode = 'when_idle' THEN
        IF v_kind IS NULL THEN
            EXECUTE format('CREATE SEQUENCE %I.%I MINVALUE 0 OWNED BY %I.%I.payload',
                           current_schema(), v_seq, current_schema(), in_table);
            EXECUTE format('GRANT SELECT ON SEQUENCE %I.%I TO PUBLIC', current_schema(), v_seq);
            EXECUTE format('COMMENT ON SEQUENCE %I.%I IS %L', current_schema(), v_seq,
                           format('pgmq: consumers registered idle on channel "%s" (a count kept by pgmq, not ids)',
                                  in_channel));
        ELSIF v_kind <> 'S' THEN
            RAISE EXCEPTION 'channel "%": relation "%" is in the way: notify mode when_idle needs that name for a sequence',
                    in_channel, v_seq
                USING ERRCODE = '42P07',
                      HINT = 'Rename or drop that relation, then set the notify mode again.';
        END IF;
        PERFORM pg_mq_idle_count(in_channel, NULL);
        EXECUTE format('CREATE TRIGGER pg_mq_notify AFTER INSERT ON %1$I.%2$I FOR EACH ROW'
                       ' WHEN (pg_catalog.pg_sequence_last_value(%3$L::pg_catalog.regclass) OPERATOR(pg_catalog.>) 0)'
                       ' EXECUTE FUNCTION %1$I.pg_mq_notify_when_idle(%4$L)',
                       current_schema(), in_table, format('%I.%I', current_schema(), v_seq), in_channel);
    ELSE
        IF v_kind = 'S' THEN
            EXECUTE format('DROP SEQUENCE %I.%I', current_schema(), v_seq);
        END IF;
        IF v_mode = 'always' THEN
            EXECUTE format('CREATE TRIGGER pg_mq_notify AFTER INSERT ON %I.%I FOR EACH ROW EXECUTE FUNCTION %I.pg_mq_notify(%L)',
                           current_schema(), in_table, current_schema(), in_channel);
        END IF;
    END IF;
END
$fn$;

-- Channels that are when_idle already: their sequence, counting the registrations there are, and the gated trigger.
DO $existing$
DECLARE
    v_row record;
BEGIN
    FOR v_row IN SELECT c.channel, c.table_name FROM pg_mq_config_catalog c
                  WHERE c.notify_mode = 'when_idle'
                    AND to_regclass(format('%I.%I', current_schema(), c.table_name)) IS NOT NULL
                  ORDER BY c.channel LOOP
        PERFORM pg_mq_create_trigger(v_row.channel, v_row.table_name);
    END LOOP;
END
$existing$;

REVOKE EXECUTE ON FUNCTION pg_mq_idle_count(text, integer), pg_mq_idle_consumers_changed()
  FROM PUBLIC;

SELECT pg_mq_pin_search_path();
