-- pgmq core script V11__getters_planned_once.sql, vendored from pgmq-schema by pgmq make-migrations.
-- Written by pgmq make-migrations. Do not edit: channels.lock.json records its checksum.

-- pgmq core, version 11: the 2012 getters planned once per channel, by-id getters as in 2012, and a comment on
-- every pgmq function.
--
-- Why: pg_mq_get_msg_text/_bin and the by-id getters ran RETURN QUERY EXECUTE of a statement built with format()
-- on every call, so PostgreSQL parsed and planned it every time: a getter of 100 messages ran at 0.68x a raw
-- UPDATE ... WHERE msg_id IN (SELECT ... FOR UPDATE SKIP LOCKED LIMIT 100) RETURNING at 2 sessions, where send
-- reached 0.86-0.92x once V4 and V9 gave it static statements.
--
-- So the four getters are generated from the catalog as pg_mq_send_message is (V4, V9): one static statement per
-- channel, reached by a binary search on the name, so PL/pgSQL plans it once per session and keeps the plan; no SET
-- clause, every name qualified; regenerated whenever a channel is created or dropped, by a second statement trigger
-- on the catalog beside V4's (pg_mq_rebuild_send and its trigger stay as they are). A channel the generated code
-- does not know yet (a catalog row committed by a concurrent REPEATABLE READ transaction, say) goes through the
-- dynamic statement, as before. Signatures, result columns, privileges (SECURITY INVOKER: SELECT and UPDATE on the
-- channel's table), SKIP LOCKED and the errors (PQ001, PQ003, PQ004, PQ005, same messages) are unchanged.
--
-- The count reaches the statement as LIMIT (SELECT n): with LIMIT n, PostgreSQL would estimate a custom plan for
-- each n and a generic plan for 10% of the table, find the generic one costlier, and plan anew on every call (as V6
-- found for the claim). Behind a sub-select every plan assumes 10%, the generic plan is kept from the sixth call on,
-- and the rows are found by msg_id = ANY (ARRAY(...)), whose plan does not depend on that estimate: the index
-- on the ready messages in msg_id order, then the primary key, as for LIMIT 100.
--
-- By-id getters as in 2012: pg_mq_get_msg_id_text/_bin(channel, id) return the message when it is ready (and mark
-- it delivered) or when it is delivered already (received at-most-once, or acked on a channel that keeps acked
-- messages), so a LISTEN client that fetches the id it was notified of, or re-reads what it received, gets it again,
-- as pg_message_queue 0.1's own tests expect. They never return a message that is leased, delayed or dead, nor one
-- another transaction holds (SKIP LOCKED). A by-id fetch can therefore repeat a delivery: clients that need each
-- message once use the batch getters or claims.

-- Internal: the payload column of a getter's result, as SQL over the channel row q: 'text' (a text or xml channel,
-- as text), 'bytea' (a bytea channel) or 'bin' (a text or xml channel, as its bytes in the server encoding).
CREATE FUNCTION pg_mq_get_payload(in_payload text) RETURNS text
    LANGUAGE sql IMMUTABLE AS $fn$
SELECT CASE in_payload
    WHEN 'text' THEN 'q.payload::pg_catalog.text'
    WHEN 'bytea' THEN 'q.payload'
    WHEN 'bin' THEN 'pg_catalog.convert_to(q.payload::pg_catalog.text, pg_catalog.current_setting(''server_encoding''))'
END
$fn$;

-- Internal: the one statement behind the four getters, on one channel table, every name qualified (it runs in
-- generated functions without a SET clause). in_payload as for pg_mq_get_payload; in_count and in_msg_id are the
-- SQL text of the count and of the id (a PL/pgSQL variable's name, or $1 and $2 for EXECUTE).
--   in_msg_id NULL: takes up to in_count ready messages (not delivered, leased, delayed or dead), oldest first, that
--     no other transaction holds (FOR UPDATE SKIP LOCKED), and marks them delivered.
--   otherwise: message in_msg_id if it is ready (marked delivered, as above) or delivered already (read again,
--     nothing written); no row if it is leased, delayed, dead, held by another transaction or gone.
-- Result: msg_id, sent_by, was_delivered, payload, ordered by msg_id.
CREATE FUNCTION pg_mq_get_statement(in_table name, in_payload text, in_count text, in_msg_id text) RETURNS text
    LANGUAGE sql STABLE AS $fn$
SELECT CASE WHEN in_msg_id IS NULL THEN format($sql$WITH got AS (
    UPDATE %1$I.%2$I q SET was_delivered = true
     WHERE q.msg_id OPERATOR(pg_catalog.=) ANY (ARRAY(
           SELECT r.msg_id FROM %1$I.%2$I r
            WHERE NOT r.was_delivered AND r.dead_at IS NULL
              AND r.visible_at OPERATOR(pg_catalog.<=) pg_catalog.clock_timestamp()
            ORDER BY r.msg_id
            LIMIT (SELECT %4$s)
              FOR UPDATE SKIP LOCKED))
    RETURNING q.msg_id, q.sent_by, q.was_delivered, %3$s AS payload)
SELECT got.msg_id, got.sent_by, got.was_delivered, got.payload FROM got ORDER BY got.msg_id$sql$,
    current_schema(), in_table, pg_mq_get_payload(in_payload), in_count)
ELSE format($sql$WITH got AS (
    UPDATE %1$I.%2$I q SET was_delivered = true
     WHERE q.msg_id OPERATOR(pg_catalog.=) ANY (ARRAY(
           SELECT r.msg_id FROM %1$I.%2$I r
            WHERE r.msg_id OPERATOR(pg_catalog.=) %4$s AND NOT r.was_delivered AND r.dead_at IS NULL
              AND r.visible_at OPERATOR(pg_catalog.<=) pg_catalog.clock_timestamp()
              FOR UPDATE SKIP LOCKED))
    RETURNING q.msg_id, q.sent_by, q.was_delivered, %3$s AS payload)
SELECT got.msg_id, got.sent_by, got.was_delivered, got.payload FROM got
UNION ALL
SELECT q.msg_id, q.sent_by, q.was_delivered, %3$s FROM %1$I.%2$I q
 WHERE q.msg_id OPERATOR(pg_catalog.=) %4$s AND q.was_delivered AND q.dead_at IS NULL$sql$,
    current_schema(), in_table, pg_mq_get_payload(in_payload), in_msg_id)
END
$fn$;

-- Internal: V1's statement text behind the getters, now pg_mq_get_statement's ($1 the count, $2 the msg_id when
-- in_by_id), with the by-id semantics above. in_payload_cast: 'text' (text and xml channels) or 'bytea'.
CREATE OR REPLACE FUNCTION pg_mq_get_sql(in_table name, in_payload_cast text, in_by_id boolean) RETURNS text
    LANGUAGE sql STABLE AS $fn$
SELECT pg_mq_get_statement(in_table, in_payload_cast, '$1', CASE WHEN in_by_id THEN '$2' END)
$fn$;

-- Internal: the dynamic getter, for a channel the generated getters do not know yet: pg_mq_get_msg_text when
-- in_msg_id is NULL, else pg_mq_get_msg_id_text (in_num_messages is then 1). Raises what the getters raise.
CREATE FUNCTION pg_mq_get_dynamic_text(in_channel name, in_num_messages integer, in_msg_id bigint)
    RETURNS TABLE (msg_id bigint, sent_by name, was_delivered boolean, payload text)
    LANGUAGE plpgsql AS $fn$
DECLARE
    v_row pg_mq_config_catalog := pg_mq_channel_for_get(in_channel, in_num_messages, true);
BEGIN
    RETURN QUERY EXECUTE pg_mq_get_statement(v_row.table_name, 'text', '$1', CASE WHEN in_msg_id IS NOT NULL THEN '$2' END)
        USING in_num_messages, in_msg_id;
END
$fn$;

-- Internal: pg_mq_get_dynamic_text's bytea twin, for pg_mq_get_msg_bin and pg_mq_get_msg_id_bin.
CREATE FUNCTION pg_mq_get_dynamic_bin(in_channel name, in_num_messages integer, in_msg_id bigint)
    RETURNS TABLE (msg_id bigint, sent_by name, was_delivered boolean, payload bytea)
    LANGUAGE plpgsql AS $fn$
DECLARE
    v_row pg_mq_config_catalog := pg_mq_channel_for_get(in_channel, in_num_messages, false);
BEGIN
    RETURN QUERY EXECUTE pg_mq_get_statement(v_row.table_name,
                                             CASE WHEN v_row.payload_type = 'bytea' THEN 'bytea' ELSE 'bin' END,
                                             '$1', CASE WHEN in_msg_id IS NOT NULL THEN '$2' END)
        USING in_num_messages, in_msg_id;
END
$fn$;

-- Internal: what a generated getter does for one channel: its static statement, or for a _text getter on a bytea
-- channel the PQ004 that pg_mq_channel_for_get raises (the count is checked before routing).
CREATE FUNCTION pg_mq_get_branch(in_table name, in_type text, in_as_text boolean, in_by_id boolean) RETURNS text
    LANGUAGE sql STABLE AS $fn$
SELECT CASE
    WHEN in_as_text AND in_type = 'bytea' THEN
        format('PERFORM %I.pg_mq_channel_for_get(in_channel, 1, true);', current_schema())
    ELSE
        'RETURN QUERY ' || pg_mq_get_statement(in_table,
                                               CASE WHEN in_as_text THEN 'text'
                                                    WHEN in_type = 'bytea' THEN 'bytea' ELSE 'bin' END,
                                               'in_num_messages', CASE WHEN in_by_id THEN 'in_msg_id' END) || ';'
END
$fn$;

-- Internal: the routing code of a generated function over channels[lo..hi] (sorted in "C" order) and their code
-- (branches[i] runs for channels[i]): a binary search on v_channel down to runs of at most 8, then an IF chain
-- whose ELSE marks the name as not routed. Operators and collation qualified (V9's pg_mq_send_tree, for any code).
CREATE FUNCTION pg_mq_route_tree(in_channels text[], in_branches text[], in_lo integer, in_hi integer) RETURNS text
    LANGUAGE plpgsql IMMUTABLE AS $fn$
DECLARE
    v_mid  integer;
    v_code text := '';
BEGIN
    IF in_lo > in_hi THEN
        RETURN 'v_routed := false;';
    END IF;
    IF in_hi - in_lo < 8 THEN
        FOR i IN in_lo .. in_hi LOOP
            v_code := v_code || format('%s v_channel OPERATOR(pg_catalog.=) %L THEN',
                                       CASE WHEN i = in_lo THEN 'IF' ELSE 'ELSIF' END, in_channels[i]) || chr(10)
                   || in_branches[i] || chr(10);
        END LOOP;
        RETURN v_code || 'ELSE' || chr(10) || 'v_routed := false;' || chr(10) || 'END IF;';
    END IF;
    v_mid := (in_lo + in_hi + 1) / 2;
    RETURN format('IF v_channel COLLATE pg_catalog."C" OPERATOR(pg_catalog.<) %L COLLATE pg_catalog."C" THEN',
                  in_channels[v_mid]) || chr(10)
        || pg_mq_route_tree(in_channels, in_branches, in_lo, v_mid - 1) || chr(10)
        || 'ELSE' || chr(10)
        || pg_mq_route_tree(in_channels, in_branches, v_mid, in_hi) || chr(10)
        || 'END IF;';
END
$fn$;

-- Regenerates the four getters from the catalog, without a SET clause and with every name qualified (see the top of
-- this file). Called by the catalog's trigger pg_mq_catalog_changed_get; callable by the owner after a restore.
-- Returns the number of channels routed.
CREATE FUNCTION pg_mq_rebuild_get() RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER AS $fn$
DECLARE
    v_channels text[];
    v_tables   name[];
    v_types    text[];
    v_count    integer;
    v_getter   record;
    v_branches text[];
BEGIN
    -- one rebuild at a time: a concurrent one waits, then sees this one's committed catalog rows. The lock is one a
    -- role without grants cannot take or hold (SHARE UPDATE EXCLUSIVE needs more than the SELECT PUBLIC has; unlike
    -- an advisory lock's key), and it does not conflict with the ROW EXCLUSIVE lock of the catalog write that fired
    -- the trigger, nor with readers. Autovacuum takes it too, on this small table, and gives way after
    -- deadlock_timeout to a rebuild it blocks
    LOCK TABLE pg_mq_config_catalog IN SHARE UPDATE EXCLUSIVE MODE;
    SELECT coalesce(array_agg(channel ORDER BY channel COLLATE "C"), '{}'),
           coalesce(array_agg(table_name ORDER BY channel COLLATE "C"), '{}'),
           coalesce(array_agg(payload_type ORDER BY channel COLLATE "C"), '{}')
      INTO v_channels, v_tables, v_types
      FROM pg_mq_config_catalog;
    v_count := cardinality(v_channels);

    FOR v_getter IN
        SELECT * FROM (VALUES ('pg_mq_get_msg_text', true, false), ('pg_mq_get_msg_bin', false, false),
                              ('pg_mq_get_msg_id_text', true, true), ('pg_mq_get_msg_id_bin', false, true))
                      AS g(fn, as_text, by_id)
    LOOP
        SELECT coalesce(array_agg(pg_mq_get_branch(t.tbl, t.typ, v_getter.as_text, v_getter.by_id) ORDER BY t.i),
                        '{}')
          INTO v_branches
          FROM unnest(v_tables, v_types) WITH ORDINALITY AS t(tbl, typ, i);
        EXECUTE format($ddl$
CREATE OR REPLACE FUNCTION %1$I.%2$I(in_channel name, %3$s)
    RETURNS TABLE (msg_id bigint, sent_by name, was_delivered boolean, payload %4$s)
    LANGUAGE plpgsql AS $body$
-- Generated by pg_mq_rebuild_get() from pg_mq_config_catalog (%5$s channels): do not edit.
-- No SET clause, so every name is qualified (V11).
DECLARE
    v_channel pg_catalog.text := in_channel;
    v_routed boolean := true;
BEGIN
%6$s
%7$s
    IF NOT v_routed THEN
        RETURN QUERY SELECT d.msg_id, d.sent_by, d.was_delivered, d.payload
                       FROM %1$I.%8$I(in_channel, %9$s) d;
    END IF;
END
$body$$ddl$,
            current_schema(), v_getter.fn,
            CASE WHEN v_getter.by_id THEN 'in_msg_id bigint' ELSE 'in_num_messages integer' END,
            CASE WHEN v_getter.as_text THEN 'text' ELSE 'bytea' END,
            v_count,
            CASE WHEN v_getter.by_id THEN ''
                 ELSE format('    IF in_num_messages IS NULL OR in_num_messages OPERATOR(pg_catalog.<) 1 THEN
        PERFORM %I.pg_mq_channel_for_get(in_channel, in_num_messages, %s);
    END IF;', current_schema(), CASE WHEN v_getter.as_text THEN 'true' ELSE 'false' END) END,
            pg_mq_route_tree(v_channels, v_branches, 1, v_count),
            CASE WHEN v_getter.as_text THEN 'pg_mq_get_dynamic_text' ELSE 'pg_mq_get_dynamic_bin' END,
            CASE WHEN v_getter.by_id THEN '1, in_msg_id' ELSE 'in_num_messages, NULL' END);
    END LOOP;
    RETURN v_count;
END
$fn$;

-- Internal: keeps the getters in step with the catalog, as pg_mq_catalog_changed keeps pg_mq_send_message.
CREATE FUNCTION pg_mq_catalog_changed_get() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER AS $fn$
BEGIN
    PERFORM pg_mq_rebuild_get();
    RETURN NULL;
END
$fn$;

CREATE TRIGGER pg_mq_catalog_changed_get
    AFTER INSERT OR DELETE OR UPDATE OF channel, table_name, payload_type OR TRUNCATE ON pg_mq_config_catalog
    FOR EACH STATEMENT EXECUTE FUNCTION pg_mq_catalog_changed_get();

REVOKE EXECUTE ON FUNCTION pg_mq_rebuild_get(), pg_mq_catalog_changed_get() FROM PUBLIC;

-- Internal: as version 9's, except that the four generated getters join the functions whose bodies qualify every
-- name instead of pinning search_path (see the top of this file).
CREATE OR REPLACE FUNCTION pg_mq_pin_search_path() RETURNS void
    LANGUAGE plpgsql AS $fn$
DECLARE
    v_fn regprocedure;
BEGIN
    FOR v_fn IN
        SELECT p.oid::regprocedure FROM pg_proc p
         WHERE p.pronamespace = current_schema()::regnamespace AND p.proname LIKE 'pg\_mq\_%'
           AND p.proname NOT IN ('pg_mq_notify', 'pg_mq_notify_when_idle', 'pg_mq_send_message',
                                 'pg_mq_get_msg_text', 'pg_mq_get_msg_bin', 'pg_mq_get_msg_id_text',
                                 'pg_mq_get_msg_id_bin')
    LOOP
        EXECUTE format('ALTER FUNCTION %s SET search_path = %I, pg_temp', v_fn, current_schema());
    END LOOP;
END
$fn$;

SELECT pg_mq_rebuild_get();
SELECT pg_mq_pin_search_path();

-- A sentence on every pgmq function (psql's \df+, and docs/reference/sql.md, which a test generates from the catalog):
-- what it does, then "Needs:" what a caller must hold besides EXECUTE. Comments are not code: this changes no
-- function.
DO $comments$
DECLARE
    v_comment record;
    v_fn      regprocedure;
BEGIN
    FOR v_comment IN SELECT c.fn, c.text FROM (VALUES
        ('pg_mq_base_type(regtype)',
         'Internal: the type a domain is based on, following domains over domains; any other type is its own base. Needs: nothing.'),
        ('pg_mq_catalog_settings_checked()',
         'Internal: the catalog trigger that holds every stored interval setting to the interval rule, whoever writes the row. Needs: nothing (fires on catalog writes, which only administration functions make).'),
        ('pg_mq_check_interval(text, text, interval, boolean)',
         'Internal: returns the interval if it lands in the future (finite, no negative part), else PQ005 naming the channel, setting and fix. Needs: nothing.'),
        ('pg_mq_held_below(name, bigint[])',
         'Internal: the ctids of the given ready messages this transaction holds by a locked claim made inside a savepoint. Needs: SELECT and UPDATE on the channel''s table, as pg_mq_grant_receive grants.'),
        ('pg_mq_idle_tidy(text)',
         'Internal, for pg_mq_register_idle: removes a channel''s registrations of backends that ended, and recounts. Needs: a registration of the calling session on the channel (registering needs receive rights).'),
        ('pg_mq_interval_ok(interval, boolean)',
         'Internal: whether an interval passes the interval rule (finite, no negative part; zero only if allowed). Needs: nothing.'),
        ('pg_mq_interval_rule_sql(text, boolean)',
         'Internal: the interval rule as an SQL expression over an interval expression, for statements that inline it. Needs: nothing (returns text).'),
        ('pg_mq_name_channel_objects(text, name)',
         'Internal: names a channel table''s primary key, ready index and msg_id sequence pg_mq_pkey_/pg_mq_ready_/pg_mq_msgid_<channel>. Needs: EXECUTE, which is revoked from PUBLIC (administration functions call it).'),
        ('pg_mq_notify_ready(text, text, bigint[])',
         'Internal: NOTIFY "<channel>" once per msg_id when the channel''s notify mode would notify a send (nack, fail, release and redrive call it). Needs: nothing beyond the caller''s.'),
        ('pg_mq_ack(text, bigint, uuid)',
         'Acks one claimed message (deleted, or marked delivered if the channel keeps acked messages); PQ010 if its lease was lost. Needs: SELECT, UPDATE and DELETE on the channel''s table, as pg_mq_grant_receive grants.'),
        ('pg_mq_ack(text, bigint[], uuid[])',
         'Acks claimed messages, each msg_id with its lease token; returns the ids acked and skips lost leases. Needs: SELECT, UPDATE and DELETE on the channel''s table, as pg_mq_grant_receive grants.'),
        ('pg_mq_ack_sql(name)',
         'The ack statement of a channel table, for a client to prepare ($1 channel, $2 msg_ids, $3 lease tokens). Needs: nothing (returns text); running the statement needs what pg_mq_ack does.'),
        ('pg_mq_alter_channel(text, integer, interval, interval, interval, boolean)',
         'Changes a channel''s delivery settings (max attempts, backoff base and max, default lease, keep acked); NULL keeps a setting. Needs: EXECUTE, which is revoked from PUBLIC (administration; runs as the owner).'),
        ('pg_mq_backend_alive(integer)',
         'Internal: whether a backend still exists (stale idle registrations). Needs: nothing.'),
        ('pg_mq_catalog_changed()',
         'Internal trigger of pg_mq_config_catalog: regenerates pg_mq_send_message when channels are created or dropped. Needs: nothing (fired by PostgreSQL; runs as the owner).'),
        ('pg_mq_catalog_changed_get()',
         'Internal trigger of pg_mq_config_catalog: regenerates the four getters when channels are created or dropped. Needs: nothing (fired by PostgreSQL; runs as the owner).'),
        ('pg_mq_channel(text)',
         'Internal: a channel''s catalog row, or PQ001 (PQ003 for an invalid name). Needs: nothing (the catalog is readable by PUBLIC).'),
        ('pg_mq_channel_for_get(text, integer, boolean)',
         'Internal: a channel''s catalog row for a getter or claim, checking the count (PQ005) and, for text, the payload type (PQ004). Needs: nothing.'),
        ('pg_mq_channel_stats_of(text)',
         'Internal: the health counts of one channel behind the pg_mq_channel_stats view (never payloads). Needs: nothing (runs as the owner).'),
        ('pg_mq_check_channel_name(text)',
         'Internal: the channel name rule; PQ003 with a suggestion, else the queue table''s name. Needs: nothing.'),
        ('pg_mq_check_role(text, name)',
         'Internal: the role a grant helper names, or PQ006. Needs: nothing.'),
        ('pg_mq_check_xml(text, text)',
         'Internal: 2200N unless the payload is well-formed XML. Needs: nothing.'),
        ('pg_mq_claim_bin(name, integer, interval)',
         'At-least-once: claims up to n messages of any channel for a lease, payload as bytea. Needs: SELECT and UPDATE on the channel''s table, as pg_mq_grant_receive grants.'),
        ('pg_mq_claim_locked_bin(name, integer)',
         'Locks up to n ready messages of any channel for the calling transaction and returns them as bytea; writes nothing. Needs: SELECT and UPDATE on the channel''s table, as pg_mq_grant_receive grants.'),
        ('pg_mq_claim_locked_sql(name, text, integer)',
         'The locked claim statement of a channel table for batches of n, for a client to prepare ($1 channel). Needs: nothing (returns text); running it needs what pg_mq_claim_locked_text does.'),
        ('pg_mq_claim_locked_statement(name, text, text)',
         'Internal: the locked claim statement of a channel table with its LIMIT as SQL text. Needs: nothing (returns text).'),
        ('pg_mq_claim_locked_text(name, integer)',
         'Locks up to n ready messages of a text or xml channel for the calling transaction and returns them; writes nothing. Needs: SELECT and UPDATE on the channel''s table, as pg_mq_grant_receive grants.'),
        ('pg_mq_claim_sql(name, text)',
         'The claim statement of a channel table ($1 channel, $2 count, $3 lease), run by pg_mq_claim_text/_bin. Needs: nothing (returns text); running it needs what pg_mq_claim_text does.'),
        ('pg_mq_claim_sql(name, text, integer)',
         'The claim statement of a channel table for batches of n, for a client to prepare ($1 channel, $2 lease). Needs: nothing (returns text); running it needs what pg_mq_claim_text does.'),
        ('pg_mq_claim_statement(name, text, text, text)',
         'Internal: the claim statement of a channel table with its LIMIT and lease as SQL text. Needs: nothing (returns text).'),
        ('pg_mq_claim_text(name, integer, interval)',
         'At-least-once: claims up to n messages of a text or xml channel for a lease (NULL: the channel''s default). Needs: SELECT and UPDATE on the channel''s table, as pg_mq_grant_receive grants.'),
        ('pg_mq_complete(text, bigint)',
         'Completes one message this transaction holds by a locked claim (gone at commit); PQ010 if it does not hold it. Needs: SELECT, UPDATE and DELETE on the channel''s table, as pg_mq_grant_receive grants.'),
        ('pg_mq_complete(text, bigint[])',
         'Completes messages this transaction holds by a locked claim; returns the ids completed. Needs: SELECT, UPDATE and DELETE on the channel''s table, as pg_mq_grant_receive grants.'),
        ('pg_mq_complete_sql(name)',
         'The complete statement of a channel table, for a client to prepare ($1 channel, $2 msg_ids). Needs: nothing (returns text); running it needs what pg_mq_complete does.'),
        ('pg_mq_create_queue(text, text)',
         'Creates a channel: its table pg_mq_queue_<channel>, catalog row and notify trigger (2012 interface). Needs: EXECUTE, which is revoked from PUBLIC (administration; runs as the owner).'),
        ('pg_mq_create_trigger(text, name)',
         'Internal: (re)creates a channel table''s notify trigger for its notify mode. Needs: EXECUTE, which is revoked from PUBLIC (the owner''s administration functions call it).'),
        ('pg_mq_dead_letters(text, integer)',
         'Lists a channel''s dead letters, oldest first, with their last error. Needs: SELECT on the channel''s table, as pg_mq_grant_receive grants.'),
        ('pg_mq_drop_queue(text)',
         'Drops a channel: its table and its catalog row (2012 interface); PQ007 while it holds messages that are not done. Needs: EXECUTE, which is revoked from PUBLIC (administration; runs as the owner).'),
        ('pg_mq_drop_queue(text, boolean)',
         'Drops a channel: its table and its catalog row; PQ007 while it holds messages that are not done, unless in_force. Needs: EXECUTE, which is revoked from PUBLIC (administration; runs as the owner).'),
        ('pg_mq_extend_lease(text, bigint, uuid, interval)',
         'Extends a claimed message''s lease to now + the interval; PQ010 if the lease was lost. Needs: SELECT and UPDATE on the channel''s table, as pg_mq_grant_receive grants.'),
        ('pg_mq_fail(text, bigint, text, interval)',
         'Fails a message this transaction holds by a locked claim: retried after a backoff, or a dead letter. Needs: SELECT and UPDATE on the channel''s table, as pg_mq_grant_receive grants.'),
        ('pg_mq_get_branch(name, text, boolean, boolean)',
         'Internal: one channel''s code in a generated getter (its static statement, or the PQ004 of a _text getter on bytea). Needs: nothing (returns text).'),
        ('pg_mq_get_dynamic_bin(name, integer, bigint)',
         'Internal: the bytea getters'' dynamic fallback for a channel the generated code does not know yet. Needs: SELECT and UPDATE on the channel''s table, as pg_mq_grant_receive grants.'),
        ('pg_mq_get_dynamic_text(name, integer, bigint)',
         'Internal: the text getters'' dynamic fallback for a channel the generated code does not know yet. Needs: SELECT and UPDATE on the channel''s table, as pg_mq_grant_receive grants.'),
        ('pg_mq_get_msg_bin(name, integer)',
         'At-most-once (2012 interface): up to n ready messages of any channel, oldest first, as bytea, marked delivered. Needs: SELECT and UPDATE on the channel''s table, as pg_mq_grant_receive grants.'),
        ('pg_mq_get_msg_id_bin(name, bigint)',
         'At-most-once (2012 interface): that message as bytea if ready (marked delivered) or already delivered; none if leased, delayed, dead or held. Needs: SELECT and UPDATE on the channel''s table, as pg_mq_grant_receive grants.'),
        ('pg_mq_get_msg_id_text(name, bigint)',
         'At-most-once (2012 interface): that message of a text or xml channel if ready (marked delivered) or already delivered; none if leased, delayed, dead or held. Needs: SELECT and UPDATE on the channel''s table, as pg_mq_grant_receive grants.'),
        ('pg_mq_get_msg_text(name, integer)',
         'At-most-once (2012 interface): up to n ready messages of a text or xml channel, oldest first, marked delivered. Needs: SELECT and UPDATE on the channel''s table, as pg_mq_grant_receive grants.'),
        ('pg_mq_get_payload(text)',
         'Internal: the payload column of a getter''s result as SQL (text, bytea, or text as bytes). Needs: nothing (returns text).'),
        ('pg_mq_get_sql(name, text, boolean)',
         'Internal: the getters'' statement of a channel table with $1 count and $2 msg_id (V1''s name for pg_mq_get_statement). Needs: nothing (returns text).'),
        ('pg_mq_get_statement(name, text, text, text)',
         'Internal: the one statement behind the getters on a channel table, every name qualified. Needs: nothing (returns text).'),
        ('pg_mq_grant_receive(text, name)',
         'Lets a role receive from a channel: USAGE on the schema; SELECT, DELETE and UPDATE of the delivery-state columns on its table. Needs: EXECUTE, which is revoked from PUBLIC (administration; runs as the owner).'),
        ('pg_mq_grant_send(text, name)',
         'Lets a role send to a channel: USAGE on the schema; INSERT (payload, visible_at) and SELECT (msg_id) on its table. Needs: EXECUTE, which is revoked from PUBLIC (administration; runs as the owner).'),
        ('pg_mq_idle_consumers_changed()',
         'Internal trigger of pg_mq_idle_consumers: keeps each when_idle channel''s idle count. Needs: nothing (fired by PostgreSQL; runs as the owner).'),
        ('pg_mq_idle_count(text, integer)',
         'Internal: brings a channel''s idle count (sequence pg_mq_wake_<channel>) up to date. Needs: EXECUTE, which is revoked from PUBLIC (the owner''s trigger calls it).'),
        ('pg_mq_lease(text, interval, interval)',
         'Internal: the lease a claim uses (the argument, or the channel''s default), or PQ005. Needs: nothing.'),
        ('pg_mq_lease_lost(text, name, text, bigint)',
         'Internal: raises PQ010 saying why a message is no longer held by a lease. Needs: SELECT on the channel''s table.'),
        ('pg_mq_lock_lost(text, name, text, bigint)',
         'Internal: raises PQ010 saying why a message is not held by this transaction''s locked claim. Needs: SELECT on the channel''s table.'),
        ('pg_mq_may_receive(text)',
         'Internal: whether the current role may receive from a channel (UPDATE on its table). Needs: nothing.'),
        ('pg_mq_nack(text, bigint, uuid, text, interval)',
         'Nacks a claimed message: retried after a backoff, or a dead letter once its attempts are used up; PQ010 if the lease was lost. Needs: SELECT and UPDATE on the channel''s table, as pg_mq_grant_receive grants.'),
        ('pg_mq_notify()',
         'Trigger of an always channel''s table: NOTIFY "<channel>" with the new msg_id. Needs: nothing (fired by the sender''s INSERT).'),
        ('pg_mq_notify_when_idle()',
         'Trigger of a when_idle channel''s table: NOTIFY "<channel>" while a live consumer is registered idle. Needs: nothing (fired by the sender''s INSERT).'),
        ('pg_mq_payload_mismatch(text, text, text)',
         'Internal: raises PQ004 for a payload of the wrong type, with the fix. Needs: nothing.'),
        ('pg_mq_pin_search_path()',
         'Internal: pins search_path on every pgmq function but those whose bodies qualify every name (each migration runs it). Needs: EXECUTE, which is revoked from PUBLIC (the owner''s migrations call it).'),
        ('pg_mq_purge(text, interval, integer)',
         'Retention: deletes one bounded batch of a channel''s done messages and old dead letters; returns the number deleted. Needs: SELECT and DELETE on the channel''s table, as pg_mq_grant_receive grants (runs as the caller).'),
        ('pg_mq_rebuild_get()',
         'Regenerates the four getters from the catalog (the catalog''s trigger does; the owner may after a restore). Needs: EXECUTE, which is revoked from PUBLIC (runs as the owner).'),
        ('pg_mq_rebuild_send()',
         'Regenerates pg_mq_send_message from the catalog (the catalog''s trigger does; the owner may after a restore). Needs: EXECUTE, which is revoked from PUBLIC (runs as the owner).'),
        ('pg_mq_rebuild_triggers()',
         'Recreates every channel''s notify trigger (after a restore that lost them); returns the number of channels. Needs: EXECUTE, which is revoked from PUBLIC (administration; runs as the owner).'),
        ('pg_mq_redrive(text, bigint[])',
         'Brings dead letters back (all, or those ids): ready at once, attempts from zero; returns the number redriven. Needs: SELECT and UPDATE on the channel''s table, as pg_mq_grant_receive grants.'),
        ('pg_mq_register_idle(text)',
         'Registers the calling session as an idle consumer of a channel, so its when_idle sends notify. Needs: UPDATE on the channel''s table (receive rights, as pg_mq_grant_receive grants).'),
        ('pg_mq_release(text, bigint[], uuid[])',
         'Gives back claimed messages that were never started: ready at once, the attempt not counted; returns the ids released. Needs: SELECT and UPDATE on the channel''s table, as pg_mq_grant_receive grants.'),
        ('pg_mq_revoke_receive(text, name)',
         'Takes back pg_mq_grant_receive (USAGE on the schema stays). Needs: EXECUTE, which is revoked from PUBLIC (administration; runs as the owner).'),
        ('pg_mq_revoke_send(text, name)',
         'Takes back pg_mq_grant_send (USAGE on the schema stays). Needs: EXECUTE, which is revoked from PUBLIC (administration; runs as the owner).'),
        ('pg_mq_route_tree(text[], text[], integer, integer)',
         'Internal: the routing code of a generated function, a binary search on the channel name down to short IF chains. Needs: nothing (returns text).'),
        ('pg_mq_send_branch(text, name, text, text)',
         'Internal: one channel''s static INSERT in the generated pg_mq_send_message. Needs: nothing (returns text).'),
        ('pg_mq_send_dynamic(text, bytea, timestamptz)',
         'Internal: the bytea send''s dynamic fallback for a channel the generated code does not know yet. Needs: INSERT and SELECT (msg_id) on the channel''s table, as pg_mq_grant_send grants.'),
        ('pg_mq_send_dynamic(text, text, timestamptz)',
         'Internal: the text send''s dynamic fallback for a channel the generated code does not know yet. Needs: INSERT and SELECT (msg_id) on the channel''s table, as pg_mq_grant_send grants.'),
        ('pg_mq_send_message(text, anyelement, timestamptz)',
         'Sends a bytea value to a bytea channel (any other value as its text form), now or at a given time (2012 interface). Needs: INSERT and SELECT (msg_id) on the channel''s table, as pg_mq_grant_send grants.'),
        ('pg_mq_send_message(text, text, timestamptz)',
         'Sends text to a text or xml channel, now or at a given time (2012 interface). Needs: INSERT and SELECT (msg_id) on the channel''s table, as pg_mq_grant_send grants.'),
        ('pg_mq_send_tree(text[], name[], text[], integer, integer, text)',
         'Internal: the routing code of the generated pg_mq_send_message, a binary search on the channel name. Needs: nothing (returns text).'),
        ('pg_mq_set_fillfactor(text, integer)',
         'Sets how full a channel''s table fills new pages (10..100; 45 by default, 100 for channels consumed only with locked claims). Needs: EXECUTE, which is revoked from PUBLIC (administration; runs as the owner).'),
        ('pg_mq_set_notify_mode(text, text)',
         'Sets when a channel''s sends NOTIFY: always, when_idle or never. Needs: EXECUTE, which is revoked from PUBLIC (administration; runs as the owner).'),
        ('pg_mq_set_queue_storage(name)',
         'Internal: gives a channel table its fillfactor and autovacuum settings. Needs: EXECUTE, which is revoked from PUBLIC (the owner''s administration functions call it).'),
        ('pg_mq_set_retention(text, interval, interval)',
         'Sets how long a channel keeps done messages and dead letters; NULL keeps a setting. Needs: EXECUTE, which is revoked from PUBLIC (administration; runs as the owner).'),
        ('pg_mq_unregister_idle(text)',
         'Takes back the calling session''s idle registration on a channel. Needs: nothing beyond its own registration.')
    ) AS c(fn, text) LOOP
        v_fn := to_regprocedure(format('%I.%s', current_schema(), v_comment.fn));
        IF v_fn IS NULL THEN
            -- an application that vendored a core script before its last pre-release change may lack a function
            -- (the example app's copy of V8 predates pg_mq_set_fillfactor): say so, comment the rest
            RAISE NOTICE 'pgmq: function % is not in schema %, so it gets no comment', v_comment.fn, current_schema();
        ELSE
            EXECUTE format('COMMENT ON FUNCTION %s IS %L', v_fn, v_comment.text);
        END IF;
    END LOOP;
END
$comments$;
