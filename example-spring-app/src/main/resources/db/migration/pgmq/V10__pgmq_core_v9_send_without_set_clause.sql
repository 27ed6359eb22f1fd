-- pgmq core script V9__send_without_set_clause.sql, vendored from pgmq-schema by pgmq make-migrations.
-- Written by pgmq make-migrations. Do not edit: channels.lock.json records its checksum.

-- pgmq core, version 9: the send path without SET clauses.
--
-- Why: every pgmq function pins its search_path with a SET clause, and on a send that clause is a large share of
-- the cost. Entering the function saves the GUC and sets search_path, leaving restores it, and each change makes the
-- backend rebuild its search path. Measured on PostgreSQL 15 (bench/README.md, "V9"): a server-side loop of
-- pg_mq_send_message took 13.4 us per call pinned and 11.4 us without the clause, against 6.6 us for the bare
-- INSERT (pgbench, one session: 0.80x of the bare INSERT's rate pinned, 0.86x without); an INSERT that fires the
-- 'always' notify trigger pg_mq_notify took 11.5-12.4 us with the trigger pinned and 9.7 us without.
--
-- So the generated pg_mq_send_message (both overloads) and pg_mq_notify join the when_idle trigger (V5) as the
-- pgmq functions that qualify every name in their bodies instead: pgmq's functions and tables by this schema,
-- pg_catalog's operators, casts, collation and functions by pg_catalog. A caller's search_path, decoys included,
-- then picks nothing. They stay SECURITY INVOKER (the INSERT needs the caller's INSERT privilege on the channel's
-- table, as before), and pg_mq_pin_search_path leaves them alone from now on.
--
-- Signatures, privileges, errors and behaviour are unchanged; only the function texts and their proconfig differ.

-- The trigger of every 'always' channel table: NOTIFY "<channel>" with the new msg_id (V1's, every name qualified).
CREATE OR REPLACE FUNCTION pg_mq_notify() RETURNS trigger
    LANGUAGE plpgsql AS $fn$
BEGIN
    PERFORM pg_catalog.pg_notify(TG_ARGV[0], NEW.msg_id::pg_catalog.text);
    RETURN NULL;
END
$fn$;

-- Internal: the static INSERT of one channel, for the generated pg_mq_send_message (text or bytea overload); every
-- name qualified.
CREATE OR REPLACE FUNCTION pg_mq_send_branch(in_channel text, in_table name, in_type text, in_overload text)
    RETURNS text
    LANGUAGE sql STABLE AS $fn$
SELECT CASE
    WHEN in_overload = 'text' AND in_type = 'bytea' THEN
        format('PERFORM %I.pg_mq_payload_mismatch(in_channel, %L, %L);', current_schema(), 'bytea', 'text')
    WHEN in_overload = 'bytea' AND in_type <> 'bytea' THEN
        format('PERFORM %I.pg_mq_payload_mismatch(in_channel, %L, %L);', current_schema(), in_type, 'bytea')
    ELSE
        CASE WHEN in_type = 'xml'
             THEN format('PERFORM %I.pg_mq_check_xml(in_channel, in_payload);', current_schema()) || chr(10)
             ELSE '' END
        || format($sql$IF in_deliver_at IS NULL THEN
    INSERT INTO %1$I.%2$I (payload) VALUES (in_payload%3$s) RETURNING %2$I.msg_id INTO msg_id;
ELSE
    INSERT INTO %1$I.%2$I (payload, visible_at) VALUES (in_payload%3$s, in_deliver_at) RETURNING %2$I.msg_id INTO msg_id;
END IF;$sql$, current_schema(), in_table, CASE WHEN in_type = 'xml' THEN '::pg_catalog.xml' ELSE '' END)
    END
$fn$;

-- Internal: the routing code for channels[lo..hi] (sorted in "C" order): a binary search on the name down to
-- runs of at most 8, then an IF chain whose ELSE marks the name as not routed; operators and collation qualified.
CREATE OR REPLACE FUNCTION pg_mq_send_tree(in_channels text[], in_tables name[], in_types text[], in_lo integer,
                                           in_hi integer, in_overload text) RETURNS text
    LANGUAGE plpgsql STABLE AS $fn$
DECLARE
    v_mid  integer;
    v_code text := '';
BEGIN
    IF in_lo > in_hi THEN
        RETURN 'v_routed := false;';
    END IF;
    IF in_hi - in_lo < 8 THEN
        FOR i IN in_lo .. in_hi LOOP
            v_code := v_code || format('%s in_channel OPERATOR(pg_catalog.=) %L THEN',
                                       CASE WHEN i = in_lo THEN 'IF' ELSE 'ELSIF' END, in_channels[i]) || chr(10)
                   || pg_mq_send_branch(in_channels[i], in_tables[i], in_types[i], in_overload) || chr(10);
        END LOOP;
        RETURN v_code || 'ELSE' || chr(10) || 'v_routed := false;' || chr(10) || 'END IF;';
    END IF;
    v_mid := (in_lo + in_hi + 1) / 2;
    RETURN format('IF in_channel COLLATE pg_catalog."C" OPERATOR(pg_catalog.<) %L COLLATE pg_catalog."C" THEN',
                  in_channels[v_mid]) || chr(10)
        || pg_mq_send_tree(in_channels, in_tables, in_types, in_lo, v_mid - 1, in_overload) || chr(10)
        || 'ELSE' || chr(10)
        || pg_mq_send_tree(in_channels, in_tables, in_types, v_mid, in_hi, in_overload) || chr(10)
        || 'END IF;';
END
$fn$;

-- Regenerates both overloads of pg_mq_send_message from the catalog, without a SET clause and with every name
-- qualified (see the top of this file). Called by the catalog's trigger; callable by the owner after a restore.
-- Returns the number of channels routed.
CREATE OR REPLACE FUNCTION pg_mq_rebuild_send() RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER AS $fn$
DECLARE
    v_channels text[];
    v_tables   name[];
    v_types    text[];
    v_count    integer;
BEGIN
    -- one rebuild at a time: a concurrent one waits, then sees this one's committed catalog rows
    PERFORM pg_advisory_xact_lock(hashtext(current_schema() || '.pg_mq_send_message'));
    SELECT coalesce(array_agg(channel ORDER BY channel COLLATE "C"), '{}'),
           coalesce(array_agg(table_name ORDER BY channel COLLATE "C"), '{}'),
           coalesce(array_agg(payload_type ORDER BY channel COLLATE "C"), '{}')
      INTO v_channels, v_tables, v_types
      FROM pg_mq_config_catalog;
    v_count := cardinality(v_channels);

    EXECUTE format($ddl$
CREATE OR REPLACE FUNCTION %1$I.pg_mq_send_message(in_channel text, in_payload text, in_deliver_at timestamptz DEFAULT NULL,
                                   OUT msg_id bigint, OUT sent_at timestamptz, OUT sent_by name,
                                   OUT was_delivered boolean, OUT payload text)
    LANGUAGE plpgsql AS $body$
-- Generated by pg_mq_rebuild_send() from pg_mq_config_catalog (%2$s channels): do not edit.
-- No SET clause, so every name is qualified (V9).
DECLARE
    v_routed boolean := true;
BEGIN
    IF in_payload IS NULL THEN
        PERFORM %1$I.pg_mq_channel(in_channel);
        RAISE EXCEPTION 'channel "%%": payload is NULL', in_channel
            USING ERRCODE = '22004', HINT = 'Send a value; a message needs a payload.';
    END IF;
%3$s
    IF NOT v_routed THEN
        msg_id := %1$I.pg_mq_send_dynamic(in_channel, in_payload, in_deliver_at);
    END IF;
    sent_at := pg_catalog.now();
    sent_by := SESSION_USER;
    was_delivered := false;
    payload := in_payload;
END
$body$$ddl$, current_schema(), v_count, pg_mq_send_tree(v_channels, v_tables, v_types, 1, v_count, 'text'));

    EXECUTE format($ddl$
CREATE OR REPLACE FUNCTION %1$I.pg_mq_send_message(in_channel text, in_payload anyelement, in_deliver_at timestamptz DEFAULT NULL,
                                   OUT msg_id bigint, OUT sent_at timestamptz, OUT sent_by name,
                                   OUT was_delivered boolean, OUT payload anyelement)
    LANGUAGE plpgsql AS $body$
-- Generated by pg_mq_rebuild_send() from pg_mq_config_catalog (%2$s channels): do not edit.
-- No SET clause, so every name is qualified (V9).
-- bytea values go to bytea channels; any other value is sent as its text form through the text overload.
DECLARE
    v_routed boolean := true;
BEGIN
    IF pg_catalog.pg_typeof(in_payload) OPERATOR(pg_catalog.<>) 'pg_catalog.bytea'::pg_catalog.regtype THEN
        SELECT s.msg_id, s.sent_at, s.sent_by, s.was_delivered INTO msg_id, sent_at, sent_by, was_delivered
          FROM %1$I.pg_mq_send_message(in_channel, in_payload::pg_catalog.text, in_deliver_at) s;
        payload := in_payload;
        RETURN;
    END IF;
    IF in_payload IS NULL THEN
        PERFORM %1$I.pg_mq_channel(in_channel);
        RAISE EXCEPTION 'channel "%%": payload is NULL', in_channel
            USING ERRCODE = '22004', HINT = 'Send a value; a message needs a payload.';
    END IF;
%3$s
    IF NOT v_routed THEN
        msg_id := %1$I.pg_mq_send_dynamic(in_channel, in_payload::pg_catalog.bytea, in_deliver_at);
    END IF;
    sent_at := pg_catalog.now();
    sent_by := SESSION_USER;
    was_delivered := false;
    payload := in_payload;
END
$body$$ddl$, current_schema(), v_count, pg_mq_send_tree(v_channels, v_tables, v_types, 1, v_count, 'bytea'));
    RETURN v_count;
END
$fn$;

-- Internal: as version 5's, except that pg_mq_notify and pg_mq_send_message join pg_mq_notify_when_idle among the
-- functions whose bodies qualify every name instead of pinning search_path (see the top of this file).
CREATE OR REPLACE FUNCTION pg_mq_pin_search_path() RETURNS void
    LANGUAGE plpgsql AS $fn$
DECLARE
    v_fn regprocedure;
BEGIN
    FOR v_fn IN
        SELECT p.oid::regprocedure FROM pg_proc p
         WHERE p.pronamespace = current_schema()::regnamespace AND p.proname LIKE 'pg\_mq\_%'
           AND p.proname NOT IN ('pg_mq_notify', 'pg_mq_notify_when_idle', 'pg_mq_send_message')
    LOOP
        EXECUTE format('ALTER FUNCTION %s SET search_path = %I, pg_temp', v_fn, current_schema());
    END LOOP;
END
$fn$;

SELECT pg_mq_pin_search_path();
SELECT pg_mq_rebuild_send();
