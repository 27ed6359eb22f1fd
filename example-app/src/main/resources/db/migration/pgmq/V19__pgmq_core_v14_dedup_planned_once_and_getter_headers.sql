-- pgmq core script V14__dedup_planned_once_and_getter_headers.sql, vendored from pgmq-schema by pgmq make-migrations.
-- Written by pgmq make-migrations. Do not edit: channels.lock.json records its checksum.

-- pgmq core, version 14: the dedup holder planned once per channel, and the getters return headers (issue 17).
--
-- The dedup holder. A duplicate send (its key taken) inserts nothing and then asks pg_mq_dedup_holder for the
-- holder's msg_id. Version 13's holder looked the channel up (pg_mq_channel) and ran its SELECT with EXECUTE
-- format(...), so PostgreSQL parsed and planned it on every call: a duplicate send ran at 0.67x a fresh keyed send
-- (bench/RESULTS.md, MetadataBench), where it writes nothing, notifies nobody and needs no WAL flush. So
-- pg_mq_dedup_holder is generated from the catalog as the getters are (V11): a binary search on the channel name
-- (pg_mq_route_tree) to one static SELECT (and UPDATE, to release a key) per channel, which PL/pgSQL plans once per
-- session. The channel's dedup_window is read from the catalog inside that SELECT, since pg_mq_set_dedup_window
-- changes it without regenerating anything. pg_mq_rebuild_dedup regenerates it whenever a channel is created or
-- dropped, by a third statement trigger on the catalog beside pg_mq_catalog_changed (send) and
-- pg_mq_catalog_changed_get (getters); a channel the generated code does not know yet goes through version 13's
-- dynamic statement. Signature, semantics and security are unchanged: SECURITY DEFINER with search_path pinned,
-- executable by PUBLIC, answering only a role with INSERT on the channel's dedup_key column (42501 otherwise, same
-- message). pg_mq_send_keyed, the SQL callers' path, calls it as before and gains the same.
--
-- The getters. Issue 17 promises headers from every getter, claim and dead-letter listing; version 13 gave them to
-- the claims and pg_mq_dead_letters. pg_mq_get_msg_text, _bin, pg_mq_get_msg_id_text, _bin (2012) and
-- pg_mq_get_msg_jsonb, pg_mq_get_msg_id_jsonb (V12) now return headers jsonb as a trailing column. The 2012 columns
-- msg_id, sent_by, was_delivered and payload stay first, with the same names and types, so readers by name and
-- positional readers of the first four columns are unaffected; `SELECT *` into exactly four columns is not. A new
-- result type needs DROP FUNCTION: without CASCADE, so a view or function a user built on a getter stops the
-- migration (the check below names them) rather than vanishing. The four 2012 getters stay generated, one static
-- statement per channel (V11); the dynamic fallbacks and the jsonb getters are dropped and created again too. All
-- keep EXECUTE for PUBLIC (a new function's default, as they had) and their comments.

--------------------------------------------------------------------------------------------------------------------
-- The dedup holder, generated.
--------------------------------------------------------------------------------------------------------------------

-- Internal: one channel's code in the generated pg_mq_dedup_holder: when the caller may send on the channel, the
-- holder of the key (a done one past the channel's window released, then NULL), returned; otherwise nothing, and the
-- generated code raises 42501. Names qualified, though the generated function pins search_path.
CREATE FUNCTION pg_mq_dedup_branch(in_channel text, in_table name) RETURNS text
    LANGUAGE sql STABLE AS $fn$
SELECT format($code$IF pg_catalog.has_column_privilege(v_caller, %4$L, 'dedup_key', 'INSERT') THEN
    SELECT q.msg_id, q.was_delivered AND q.dead_at IS NULL AND q.lease_token IS NULL
                     AND q.sent_at OPERATOR(pg_catalog.+) (SELECT c.dedup_window FROM %1$I.pg_mq_config_catalog c
                                                            WHERE c.channel OPERATOR(pg_catalog.=) %2$L)
                         OPERATOR(pg_catalog.<=) pg_catalog.clock_timestamp()
      INTO v_id, v_done
      FROM %1$I.%3$I q WHERE q.dedup_key OPERATOR(pg_catalog.=) in_key;
    IF v_done THEN
        UPDATE %1$I.%3$I q SET dedup_key = NULL
         WHERE q.msg_id OPERATOR(pg_catalog.=) v_id AND q.dedup_key OPERATOR(pg_catalog.=) in_key;
        RETURN NULL;
    END IF;
    RETURN v_id;
END IF;$code$, current_schema(), in_channel, in_table, format('%I.%I', current_schema(), in_table))
$fn$;

-- Regenerates pg_mq_dedup_holder from the catalog (see the top of this file). Called by the catalog's trigger
-- pg_mq_catalog_changed_dedup; callable by the owner after a restore. Returns the number of channels routed.
CREATE FUNCTION pg_mq_rebuild_dedup() RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER AS $fn$
DECLARE
    v_channels text[];
    v_branches text[];
    v_count    integer;
BEGIN
    -- one rebuild at a time, under the lock pg_mq_rebuild_get takes (V11: one that a role without grants cannot
    -- take, which does not conflict with the catalog write that fired the trigger, nor with readers)
    LOCK TABLE pg_mq_config_catalog IN SHARE UPDATE EXCLUSIVE MODE;
    SELECT coalesce(array_agg(c.channel ORDER BY c.channel COLLATE "C"), '{}'),
           coalesce(array_agg(pg_mq_dedup_branch(c.channel, c.table_name) ORDER BY c.channel COLLATE "C"), '{}')
      INTO v_channels, v_branches
      FROM pg_mq_config_catalog c;
    v_count := cardinality(v_channels);

    EXECUTE format($ddl$
CREATE OR REPLACE FUNCTION %1$I.pg_mq_dedup_holder(in_channel text, in_key text) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = %1$I, pg_temp AS $body$
-- Generated by pg_mq_rebuild_dedup() from pg_mq_config_catalog (%2$s channels): do not edit.
DECLARE
    v_channel pg_catalog.text := in_channel;
    v_routed  boolean := true;
    -- the caller: SECURITY DEFINER changes current_user, not the role SET ROLE chose (or the session's user)
    v_caller  name := CASE WHEN pg_catalog.current_setting('role') OPERATOR(pg_catalog.=) 'none' THEN SESSION_USER
                           ELSE pg_catalog.current_setting('role') END;
    v_row     %1$I.pg_mq_config_catalog;
    v_id      bigint;
    v_done    boolean;
BEGIN
%3$s
    IF NOT v_routed THEN
        -- a channel this code does not know yet: version 13's dynamic statements, parsed and planned on every call
        v_row := %1$I.pg_mq_channel(in_channel);
        IF pg_catalog.has_column_privilege(v_caller, pg_catalog.format('%%I.%%I', %4$L, v_row.table_name),
                                           'dedup_key', 'INSERT') THEN
            EXECUTE pg_catalog.format($sql$
                SELECT q.msg_id, q.was_delivered AND q.dead_at IS NULL AND q.lease_token IS NULL
                                 AND q.sent_at + $2 <= pg_catalog.clock_timestamp()
                  FROM %%I.%%I q WHERE q.dedup_key = $1$sql$, %4$L, v_row.table_name)
               INTO v_id, v_done USING in_key, v_row.dedup_window;
            IF v_done THEN
                EXECUTE pg_catalog.format('UPDATE %%I.%%I q SET dedup_key = NULL WHERE q.msg_id = $1 AND q.dedup_key = $2',
                                          %4$L, v_row.table_name)
                   USING v_id, in_key;
                RETURN NULL;
            END IF;
            RETURN v_id;
        END IF;
    END IF;
    RAISE EXCEPTION 'channel "%%": role %% may not send on the channel', in_channel, pg_catalog.format('%%I', v_caller)
        USING ERRCODE = '42501',
              HINT = pg_catalog.format('Grant it with pg_mq_grant_send(%%L, %%L).', in_channel, v_caller);
END
$body$$ddl$, current_schema(), v_count, pg_mq_route_tree(v_channels, v_branches, 1, v_count), current_schema());
    RETURN v_count;
END
$fn$;

-- Internal: keeps pg_mq_dedup_holder in step with the catalog, as pg_mq_catalog_changed_get keeps the getters.
CREATE FUNCTION pg_mq_catalog_changed_dedup() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER AS $fn$
BEGIN
    PERFORM pg_mq_rebuild_dedup();
    RETURN NULL;
END
$fn$;

CREATE TRIGGER pg_mq_catalog_changed_dedup
    AFTER INSERT OR DELETE OR UPDATE OF channel, table_name OR TRUNCATE ON pg_mq_config_catalog
    FOR EACH STATEMENT EXECUTE FUNCTION pg_mq_catalog_changed_dedup();

REVOKE EXECUTE ON FUNCTION pg_mq_rebuild_dedup(), pg_mq_catalog_changed_dedup() FROM PUBLIC;

SELECT pg_mq_rebuild_dedup();

--------------------------------------------------------------------------------------------------------------------
-- The getters return headers as a trailing column.
--------------------------------------------------------------------------------------------------------------------

-- A getter's result type changes, so each is dropped and created again. DROP FUNCTION without CASCADE refuses while
-- a view or SQL function depends on one; say which, and how to go on, before it does.
DO $dependents$
DECLARE
    v_dependents text;
BEGIN
    -- a view depends through its rewrite rule: name the view
    SELECT string_agg(DISTINCT coalesce(format('%s %I.%I', CASE v.relkind WHEN 'm' THEN 'materialized view'
                                                                           ELSE 'view' END, n.nspname, v.relname),
                                        pg_describe_object(d.classid, d.objid, d.objsubid))
                      || ' uses ' || (d.refobjid::regprocedure)::text, '; ')
      INTO v_dependents
      FROM pg_depend d JOIN pg_proc p ON p.oid = d.refobjid
      LEFT JOIN pg_rewrite r ON d.classid = 'pg_rewrite'::regclass AND r.oid = d.objid
      LEFT JOIN pg_class v ON v.oid = r.ev_class
      LEFT JOIN pg_namespace n ON n.oid = v.relnamespace
     WHERE d.refclassid = 'pg_proc'::regclass AND d.deptype = 'n'
       AND p.pronamespace = current_schema()::regnamespace
       AND p.proname IN ('pg_mq_get_msg_text', 'pg_mq_get_msg_bin', 'pg_mq_get_msg_id_text', 'pg_mq_get_msg_id_bin',
                         'pg_mq_get_msg_jsonb', 'pg_mq_get_msg_id_jsonb', 'pg_mq_get_dynamic_text',
                         'pg_mq_get_dynamic_bin');
    IF v_dependents IS NOT NULL THEN
        RAISE EXCEPTION 'pgmq 14 cannot upgrade the getters: %', v_dependents
            USING ERRCODE = '2BP01',
                  HINT = 'Version 14 adds a trailing headers column to the getters'' results, which needs DROP FUNCTION. Drop those objects, migrate, and create them again (a view''s SELECT * gains the column).';
    END IF;
END
$dependents$;

DROP FUNCTION pg_mq_get_msg_text(name, integer);
DROP FUNCTION pg_mq_get_msg_bin(name, integer);
DROP FUNCTION pg_mq_get_msg_id_text(name, bigint);
DROP FUNCTION pg_mq_get_msg_id_bin(name, bigint);
DROP FUNCTION pg_mq_get_msg_jsonb(name, integer);
DROP FUNCTION pg_mq_get_msg_id_jsonb(name, bigint);
DROP FUNCTION pg_mq_get_dynamic_text(name, integer, bigint);
DROP FUNCTION pg_mq_get_dynamic_bin(name, integer, bigint);

-- As version 11's, returning q.headers last. Result: msg_id, sent_by, was_delivered, payload, headers, by msg_id.
CREATE OR REPLACE FUNCTION pg_mq_get_statement(in_table name, in_payload text, in_count text, in_msg_id text)
    RETURNS text LANGUAGE sql STABLE AS $fn$
SELECT CASE WHEN in_msg_id IS NULL THEN format($sql$WITH got AS (
    UPDATE %1$I.%2$I q SET was_delivered = true
     WHERE q.msg_id OPERATOR(pg_catalog.=) ANY (ARRAY(
           SELECT r.msg_id FROM %1$I.%2$I r
            WHERE NOT r.was_delivered AND r.dead_at IS NULL
              AND r.visible_at OPERATOR(pg_catalog.<=) pg_catalog.clock_timestamp()
            ORDER BY r.msg_id
            LIMIT (SELECT %4$s)
              FOR UPDATE SKIP LOCKED))
    RETURNING q.msg_id, q.sent_by, q.was_delivered, %3$s AS payload, q.headers)
SELECT got.msg_id, got.sent_by, got.was_delivered, got.payload, got.headers FROM got ORDER BY got.msg_id$sql$,
    current_schema(), in_table, pg_mq_get_payload(in_payload), in_count)
ELSE format($sql$WITH got AS (
    UPDATE %1$I.%2$I q SET was_delivered = true
     WHERE q.msg_id OPERATOR(pg_catalog.=) ANY (ARRAY(
           SELECT r.msg_id FROM %1$I.%2$I r
            WHERE r.msg_id OPERATOR(pg_catalog.=) %4$s AND NOT r.was_delivered AND r.dead_at IS NULL
              AND r.visible_at OPERATOR(pg_catalog.<=) pg_catalog.clock_timestamp()
              FOR UPDATE SKIP LOCKED))
    RETURNING q.msg_id, q.sent_by, q.was_delivered, %3$s AS payload, q.headers)
SELECT got.msg_id, got.sent_by, got.was_delivered, got.payload, got.headers FROM got
UNION ALL
SELECT q.msg_id, q.sent_by, q.was_delivered, %3$s, q.headers FROM %1$I.%2$I q
 WHERE q.msg_id OPERATOR(pg_catalog.=) %4$s AND q.was_delivered AND q.dead_at IS NULL$sql$,
    current_schema(), in_table, pg_mq_get_payload(in_payload), in_msg_id)
END
$fn$;

-- As version 11's, with the trailing headers column.
CREATE FUNCTION pg_mq_get_dynamic_text(in_channel name, in_num_messages integer, in_msg_id bigint)
    RETURNS TABLE (msg_id bigint, sent_by name, was_delivered boolean, payload text, headers jsonb)
    LANGUAGE plpgsql AS $fn$
DECLARE
    v_row pg_mq_config_catalog := pg_mq_channel_for_get(in_channel, in_num_messages, true);
BEGIN
    RETURN QUERY EXECUTE pg_mq_get_statement(v_row.table_name, 'text', '$1', CASE WHEN in_msg_id IS NOT NULL THEN '$2' END)
        USING in_num_messages, in_msg_id;
END
$fn$;

-- As version 12's, with the trailing headers column.
CREATE FUNCTION pg_mq_get_dynamic_bin(in_channel name, in_num_messages integer, in_msg_id bigint)
    RETURNS TABLE (msg_id bigint, sent_by name, was_delivered boolean, payload bytea, headers jsonb)
    LANGUAGE plpgsql AS $fn$
DECLARE
    v_row pg_mq_config_catalog := pg_mq_channel_for_get(in_channel, in_num_messages, false);
BEGIN
    RETURN QUERY EXECUTE pg_mq_get_statement(v_row.table_name, pg_mq_bin_form(v_row.payload_type),
                                             '$1', CASE WHEN in_msg_id IS NOT NULL THEN '$2' END)
        USING in_num_messages, in_msg_id;
END
$fn$;

-- As version 12's, with the trailing headers column.
CREATE FUNCTION pg_mq_get_msg_jsonb(in_channel name, in_num_messages integer)
    RETURNS TABLE (msg_id bigint, sent_by name, was_delivered boolean, payload jsonb, headers jsonb)
    LANGUAGE plpgsql AS $fn$
DECLARE
    v_row pg_mq_config_catalog := pg_mq_channel_for_jsonb(in_channel, in_num_messages);
BEGIN
    RETURN QUERY EXECUTE pg_mq_get_statement(v_row.table_name, 'jsonb', '$1', NULL) USING in_num_messages;
END
$fn$;

-- As version 12's, with the trailing headers column.
CREATE FUNCTION pg_mq_get_msg_id_jsonb(in_channel name, in_msg_id bigint)
    RETURNS TABLE (msg_id bigint, sent_by name, was_delivered boolean, payload jsonb, headers jsonb)
    LANGUAGE plpgsql AS $fn$
DECLARE
    v_row pg_mq_config_catalog := pg_mq_channel_for_jsonb(in_channel, 1);
BEGIN
    RETURN QUERY EXECUTE pg_mq_get_statement(v_row.table_name, 'jsonb', '$1', '$2') USING 1, in_msg_id;
END
$fn$;

-- As version 11's, the generated getters returning the trailing headers column (their statements, from
-- pg_mq_get_branch and pg_mq_get_statement, and their dynamic fallback's).
CREATE OR REPLACE FUNCTION pg_mq_rebuild_get() RETURNS integer
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
    RETURNS TABLE (msg_id bigint, sent_by name, was_delivered boolean, payload %4$s, headers jsonb)
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
        RETURN QUERY SELECT d.msg_id, d.sent_by, d.was_delivered, d.payload, d.headers
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

SELECT pg_mq_rebuild_get();
SELECT pg_mq_pin_search_path();

--------------------------------------------------------------------------------------------------------------------
-- Comments: the new functions, and those of the functions created again.
--------------------------------------------------------------------------------------------------------------------

COMMENT ON FUNCTION pg_mq_dedup_branch(text, name) IS
    'Internal: one channel''s code in the generated pg_mq_dedup_holder (the caller''s privilege check, then its static SELECT and UPDATE). Needs: nothing (returns text).';
COMMENT ON FUNCTION pg_mq_rebuild_dedup() IS
    'Regenerates pg_mq_dedup_holder from the catalog (the catalog''s trigger does; the owner may after a restore). Needs: EXECUTE, which is revoked from PUBLIC (runs as the owner).';
COMMENT ON FUNCTION pg_mq_catalog_changed_dedup() IS
    'Internal trigger of pg_mq_config_catalog: regenerates pg_mq_dedup_holder when channels are created or dropped. Needs: nothing (fired by PostgreSQL; runs as the owner).';
COMMENT ON FUNCTION pg_mq_dedup_holder(text, text) IS
    'Internal: the msg_id of the message holding a dedup key on a channel, releasing a done holder whose dedup window has passed (then NULL); 42501 for a role that may not send on the channel. Generated per channel by pg_mq_rebuild_dedup. Needs: EXECUTE (runs as the owner).';
COMMENT ON FUNCTION pg_mq_get_msg_text(name, integer) IS
    'At-most-once (2012 interface): up to n ready messages of a text, xml or jsonb channel, oldest first, marked delivered, with their headers as a trailing column. Needs: SELECT and UPDATE on the channel''s table, as pg_mq_grant_receive grants.';
COMMENT ON FUNCTION pg_mq_get_msg_bin(name, integer) IS
    'At-most-once (2012 interface): up to n ready messages of any channel, oldest first, as bytea, marked delivered, with their headers as a trailing column. Needs: SELECT and UPDATE on the channel''s table, as pg_mq_grant_receive grants.';
COMMENT ON FUNCTION pg_mq_get_msg_id_text(name, bigint) IS
    'At-most-once (2012 interface): that message of a text, xml or jsonb channel if ready (marked delivered) or already delivered, with its headers as a trailing column; none if leased, delayed, dead or held. Needs: SELECT and UPDATE on the channel''s table, as pg_mq_grant_receive grants.';
COMMENT ON FUNCTION pg_mq_get_msg_id_bin(name, bigint) IS
    'At-most-once (2012 interface): that message as bytea if ready (marked delivered) or already delivered, with its headers as a trailing column; none if leased, delayed, dead or held. Needs: SELECT and UPDATE on the channel''s table, as pg_mq_grant_receive grants.';
COMMENT ON FUNCTION pg_mq_get_msg_jsonb(name, integer) IS
    'At-most-once: up to n ready messages of a jsonb channel, oldest first, payload as jsonb, marked delivered, with their headers as a trailing column. Needs: SELECT and UPDATE on the channel''s table, as pg_mq_grant_receive grants.';
COMMENT ON FUNCTION pg_mq_get_msg_id_jsonb(name, bigint) IS
    'At-most-once: that message of a jsonb channel as jsonb if ready (marked delivered) or already delivered, with its headers as a trailing column; none if leased, delayed, dead or held. Needs: SELECT and UPDATE on the channel''s table, as pg_mq_grant_receive grants.';
COMMENT ON FUNCTION pg_mq_get_dynamic_text(name, integer, bigint) IS
    'Internal: the text getters'' dynamic fallback for a channel the generated code does not know yet. Needs: SELECT and UPDATE on the channel''s table, as pg_mq_grant_receive grants.';
COMMENT ON FUNCTION pg_mq_get_dynamic_bin(name, integer, bigint) IS
    'Internal: the bytea getters'' dynamic fallback for a channel the generated code does not know yet. Needs: SELECT and UPDATE on the channel''s table, as pg_mq_grant_receive grants.';
COMMENT ON FUNCTION pg_mq_get_statement(name, text, text, text) IS
    'Internal: the one statement behind the getters on a channel table (msg_id, sent_by, was_delivered, payload, headers), every name qualified. Needs: nothing (returns text).';
