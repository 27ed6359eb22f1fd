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
    -- the trigger, nor with readers
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
