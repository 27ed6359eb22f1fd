-- pgmq core, version 13: message metadata (issue 17). Headers and deduplication keys that travel with a message.
--
-- Headers: every channel table gets a headers jsonb column (NULL: none). Headers are a JSON object whose values are
-- all strings, at most 8192 bytes as jsonb text (pg_mq_headers_limit()); pg_mq_send_message refuses others with
-- PQ005 naming the key or the size, and a CHECK constraint (pg_mq_headers_valid; pg_mq_, not pgmq_, so that no json
-- contract's constraint can take its name) refuses them from a direct INSERT with
-- 23514. Retries, nacks, dead-lettering and redrive never touch the column, so headers survive all of them.
-- The claims (lease and locked, _text, _bin and _jsonb) and pg_mq_dead_letters return them as a trailing column;
-- pg_mq_headers(channel, msg_ids) returns any message's (the 2012 getters' results are unchanged).
--
-- Deduplication keys: every channel table gets a dedup_key text column and a unique index over the rows that hold a
-- key. pg_mq_send_message(..., in_dedup_key => 'invoice-42') inserts with ON CONFLICT DO NOTHING: while a message
-- holding that key is in the table and not released (ready, delayed, leased, dead, or done within the channel's
-- dedup_window), the send inserts nothing, sends no NOTIFY, does not raise, and returns the holder's msg_id with
-- duplicate = true. The index, not a lookup, decides, so two transactions sending one key at once make one message:
-- the second's INSERT waits for the first to end; if the first commits, the second returns the first's msg_id with
-- duplicate = true (READ COMMITTED; under REPEATABLE READ or SERIALIZABLE PostgreSQL raises 40001 instead, as for
-- any ON CONFLICT on a row the snapshot cannot see: retry the transaction); if the first rolls back, the second
-- inserts its own message. Until the first commits, nothing of it is visible to anyone.
--
-- The window: pg_mq_set_dedup_window(channel, interval) (default 0). A keyed message acked or completed within the
-- window since it was sent is kept (as keep_acked keeps messages) instead of deleted, and its key stays taken until
-- sent_at + dedup_window; pg_mq_purge keeps it until then too. A send that meets a done holder whose window has
-- passed releases the old key (pg_mq_dedup_holder sets it NULL) and inserts. With a window of 0 a key is taken
-- exactly while its message is not done.
--
-- pg_mq_send_message's two overloads take in_headers jsonb and in_dedup_key text (both DEFAULT NULL, so the 2012
-- two-argument form and the three-argument form call them unchanged) and return a trailing duplicate boolean.
-- Senders are granted INSERT on headers and dedup_key (pg_mq_grant_send, and here for roles granted before);
-- receivers read them with their SELECT and may not UPDATE them.
--
-- The columns are added without a default, so no table is rewritten; the unique index is built on each existing
-- channel table (a scan under a SHARE lock: sends wait, reads do not), the CHECK constraint added NOT VALID (the
-- existing rows have no headers) so it does not scan.

--------------------------------------------------------------------------------------------------------------------
-- Columns, constraint and index: the shapes (new channels copy them) and every existing channel table.
--------------------------------------------------------------------------------------------------------------------

ALTER TABLE pg_mq_config_catalog
    ADD COLUMN dedup_window interval NOT NULL DEFAULT '0' CHECK (dedup_window >= interval '0');

DO $columns$
DECLARE
    v_table name;
    v_shape boolean;
BEGIN
    FOR v_table, v_shape IN
        SELECT s.t, true FROM unnest(ARRAY['pg_mq_shape_text', 'pg_mq_shape_xml', 'pg_mq_shape_bytea',
                                           'pg_mq_shape_jsonb']::name[]) s(t)
        UNION ALL
        SELECT c.table_name, false FROM pg_mq_config_catalog c
         WHERE to_regclass(format('%I.%I', current_schema(), c.table_name)) IS NOT NULL
    LOOP
        EXECUTE format('ALTER TABLE %I.%I ADD COLUMN headers jsonb, ADD COLUMN dedup_key text', current_schema(), v_table);
        EXECUTE format($sql$ALTER TABLE %I.%I ADD CONSTRAINT pg_mq_headers_valid CHECK (headers IS NULL OR (
            pg_catalog.jsonb_typeof(headers) = 'object'
            AND pg_catalog.octet_length(headers::pg_catalog.text) <= 8192
            AND NOT pg_catalog.jsonb_path_exists(headers, '$.* ? (@.type() != "string")'))) %s$sql$,
                       current_schema(), v_table, CASE WHEN v_shape THEN '' ELSE 'NOT VALID' END);
        EXECUTE format('COMMENT ON CONSTRAINT pg_mq_headers_valid ON %I.%I IS %L', current_schema(), v_table,
                       'pgmq: headers are NULL or a JSON object of string values, at most 8192 bytes');
        EXECUTE format('CREATE UNIQUE INDEX %I ON %I.%I (dedup_key) WHERE dedup_key IS NOT NULL',
                       CASE WHEN v_shape THEN v_table || '_dedup'
                            ELSE 'pg_mq_dedup_' || substr(v_table, length('pg_mq_queue_') + 1) END,
                       current_schema(), v_table);
    END LOOP;
END
$columns$;

-- Senders granted before version 13 may insert the new columns too.
DO $grants$
DECLARE
    v_grant record;
BEGIN
    FOR v_grant IN
        SELECT DISTINCT p.table_name, p.grantee FROM information_schema.column_privileges p
          JOIN pg_mq_config_catalog c ON c.table_name = p.table_name
         WHERE p.table_schema = current_schema() AND p.column_name = 'payload' AND p.privilege_type = 'INSERT'
           AND p.grantee <> (SELECT r.rolname FROM pg_class k JOIN pg_roles r ON r.oid = k.relowner
                              WHERE k.oid = to_regclass(format('%I.%I', current_schema(), p.table_name)))
    LOOP
        EXECUTE format('GRANT INSERT (headers, dedup_key) ON %I.%I TO %I', current_schema(), v_grant.table_name,
                       v_grant.grantee);
    END LOOP;
END
$grants$;

-- As version 10's, naming the dedup index pg_mq_dedup_<channel> beside the primary key, ready index and sequence.
CREATE OR REPLACE FUNCTION pg_mq_name_channel_objects(in_channel text, in_table name)
    RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
    v_table regclass := to_regclass(format('%I.%I', current_schema(), in_table));
    v_obj   record;
    v_want  name;
BEGIN
    FOR v_obj IN
        SELECT 'pkey' AS kind, 'INDEX' AS what, c.relname AS current
          FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
         WHERE i.indrelid = v_table AND i.indisprimary
        UNION ALL
        (SELECT 'ready', 'INDEX', c.relname
           FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
          WHERE i.indrelid = v_table AND NOT i.indisprimary AND i.indpred IS NOT NULL
            AND i.indkey::text = (SELECT a.attnum::text FROM pg_attribute a
                                   WHERE a.attrelid = v_table AND a.attname = 'msg_id')
          ORDER BY i.indexrelid LIMIT 1)
        UNION ALL
        (SELECT 'dedup', 'INDEX', c.relname
           FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
          WHERE i.indrelid = v_table AND i.indisunique AND i.indpred IS NOT NULL
            AND i.indkey::text = (SELECT a.attnum::text FROM pg_attribute a
                                   WHERE a.attrelid = v_table AND a.attname = 'dedup_key')
          ORDER BY i.indexrelid LIMIT 1)
        UNION ALL
        SELECT 'msgid', 'SEQUENCE', c.relname
          FROM pg_depend d JOIN pg_class c ON c.oid = d.objid AND c.relkind = 'S'
         WHERE d.classid = 'pg_class'::regclass AND d.refobjid = v_table AND d.deptype = 'i'
    LOOP
        v_want := ('pg_mq_' || v_obj.kind || '_' || in_channel)::name;
        CONTINUE WHEN v_obj.current = v_want;
        IF to_regclass(format('%I.%I', current_schema(), v_want)) IS NOT NULL THEN
            RAISE EXCEPTION 'channel "%": relation "%" is in the way: pgmq names the channel''s % that way',
                    in_channel, v_want,
                    CASE v_obj.kind WHEN 'pkey' THEN 'primary key' WHEN 'ready' THEN 'index of ready messages'
                                    WHEN 'dedup' THEN 'index of deduplication keys' ELSE 'msg_id sequence' END
                USING ERRCODE = '42P07', HINT = 'Rename or drop that relation, then try again.';
        END IF;
        EXECUTE format('ALTER %s %I.%I RENAME TO %I', v_obj.what, current_schema(), v_obj.current, v_want);
    END LOOP;
END
$fn$;

-- As version 10's, with INSERT on headers and dedup_key.
CREATE OR REPLACE FUNCTION pg_mq_grant_send(in_channel text, in_role name) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER AS $fn$
DECLARE
    v_row  pg_mq_config_catalog := pg_mq_channel(in_channel);
    v_role name := pg_mq_check_role(in_channel, in_role);
BEGIN
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', current_schema(), v_role);
    EXECUTE format('GRANT INSERT (payload, visible_at, headers, dedup_key), SELECT (msg_id) ON %I.%I TO %I',
                   current_schema(), v_row.table_name, v_role);
END
$fn$;

--------------------------------------------------------------------------------------------------------------------
-- Headers.
--------------------------------------------------------------------------------------------------------------------

-- The most bytes a message's headers may take, as jsonb text ('{"k": "v"}' is 10).
CREATE FUNCTION pg_mq_headers_limit() RETURNS integer
    LANGUAGE sql IMMUTABLE AS $fn$
SELECT 8192
$fn$;

-- Internal: in_headers if they are a JSON object of string values within the limit, else PQ005 naming what is wrong.
CREATE FUNCTION pg_mq_check_headers(in_channel text, in_headers jsonb) RETURNS jsonb
    LANGUAGE plpgsql IMMUTABLE AS $fn$
DECLARE
    v_key  text;
    v_size integer;
BEGIN
    IF in_headers IS NULL THEN
        RETURN NULL;
    END IF;
    IF jsonb_typeof(in_headers) <> 'object' THEN
        RAISE EXCEPTION 'channel "%": headers must be a JSON object of string values, got a JSON %', in_channel,
                jsonb_typeof(in_headers)
            USING ERRCODE = 'PQ005', HINT = 'Pass e.g. ''{"tenant": "acme"}''::jsonb, or NULL for none.';
    END IF;
    SELECT e.key INTO v_key FROM jsonb_each(in_headers) e WHERE jsonb_typeof(e.value) <> 'string'
     ORDER BY e.key COLLATE "C" LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'channel "%": header "%" must be a string, got %', in_channel, v_key, in_headers -> v_key
            USING ERRCODE = 'PQ005', HINT = 'Send every header value as a JSON string, e.g. "42" rather than 42.';
    END IF;
    v_size := octet_length(in_headers::text);
    IF v_size > pg_mq_headers_limit() THEN
        RAISE EXCEPTION 'channel "%": headers take % bytes, more than the limit of % bytes', in_channel, v_size,
                pg_mq_headers_limit()
            USING ERRCODE = 'PQ005', HINT = 'Keep headers small (ids, versions, trace context); put data in the payload.';
    END IF;
    RETURN in_headers;
END
$fn$;

-- The headers and dedup keys of the given messages of a channel (those the table holds), by msg_id.
CREATE FUNCTION pg_mq_headers(in_channel text, in_msg_ids bigint[])
    RETURNS TABLE (msg_id bigint, headers jsonb, dedup_key text)
    LANGUAGE plpgsql AS $fn$
DECLARE
    v_row pg_mq_config_catalog := pg_mq_channel(in_channel);
BEGIN
    RETURN QUERY EXECUTE format($sql$
        SELECT q.msg_id, q.headers, q.dedup_key FROM %I.%I q WHERE q.msg_id = ANY ($1) ORDER BY q.msg_id$sql$,
        current_schema(), v_row.table_name)
        USING in_msg_ids;
END
$fn$;

-- As version 3's, with the headers and dedup key as trailing columns.
DROP FUNCTION pg_mq_dead_letters(text, integer);
CREATE FUNCTION pg_mq_dead_letters(in_channel text, in_limit integer DEFAULT 100)
    RETURNS TABLE (msg_id bigint, sent_at timestamptz, attempts integer, dead_at timestamptz, last_error text,
                   headers jsonb, dedup_key text)
    LANGUAGE plpgsql AS $fn$
DECLARE
    v_row pg_mq_config_catalog := pg_mq_channel(in_channel);
BEGIN
    RETURN QUERY EXECUTE format($sql$
        SELECT q.msg_id, q.sent_at, q.attempts, q.dead_at, q.last_error, q.headers, q.dedup_key FROM %I.%I q
         WHERE q.dead_at IS NOT NULL ORDER BY q.msg_id LIMIT $1$sql$, current_schema(), v_row.table_name)
        USING in_limit;
END
$fn$;

--------------------------------------------------------------------------------------------------------------------
-- Deduplication.
--------------------------------------------------------------------------------------------------------------------

-- Sets how long a keyed message's key stays taken after it was sent, once it is done (0: only while not done).
-- Administration, as pg_mq_set_retention.
CREATE FUNCTION pg_mq_set_dedup_window(in_channel text, in_window interval) RETURNS pg_mq_config_catalog
    LANGUAGE plpgsql SECURITY DEFINER AS $fn$
DECLARE
    v_row pg_mq_config_catalog := pg_mq_channel(in_channel);
BEGIN
    IF in_window IS NULL THEN
        RAISE EXCEPTION 'channel "%": dedup window is NULL', in_channel
            USING ERRCODE = 'PQ005', HINT = 'Pass interval ''0'' to release keys when their message is done, or e.g. interval ''24 hours''.';
    END IF;
    PERFORM pg_mq_check_interval(in_channel, 'dedup window', in_window, true);
    UPDATE pg_mq_config_catalog c SET dedup_window = in_window WHERE c.channel = in_channel
    RETURNING * INTO v_row;
    RETURN v_row;
END
$fn$;

REVOKE EXECUTE ON FUNCTION pg_mq_set_dedup_window(text, interval) FROM PUBLIC;

-- Internal: the msg_id of the message holding in_key on a channel, or NULL when none does. A done holder (delivered,
-- not dead) past the channel's window is released first (its key set NULL) and NULL returned, so the caller's next
-- INSERT takes the key. Runs as the owner, since senders may neither read nor update dedup keys; callers must be
-- able to send on the channel.
CREATE FUNCTION pg_mq_dedup_holder(in_channel text, in_key text) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER AS $fn$
DECLARE
    v_row    pg_mq_config_catalog := pg_mq_channel(in_channel);
    -- the caller: SECURITY DEFINER changes current_user, not the role SET ROLE chose (or the session's user)
    v_caller name := CASE WHEN current_setting('role') = 'none' THEN session_user ELSE current_setting('role') END;
    v_id     bigint;
    v_done   boolean;
BEGIN
    IF NOT has_column_privilege(v_caller, format('%I.%I', current_schema(), v_row.table_name), 'dedup_key',
                                'INSERT') THEN
        RAISE EXCEPTION 'channel "%": role % may not send on the channel', in_channel, format('%I', v_caller)
            USING ERRCODE = '42501', HINT = format('Grant it with pg_mq_grant_send(%L, %L).', in_channel, v_caller);
    END IF;
    EXECUTE format($sql$
        SELECT q.msg_id, q.was_delivered AND q.dead_at IS NULL AND q.lease_token IS NULL
                         AND q.sent_at + $2 <= clock_timestamp()
          FROM %I.%I q WHERE q.dedup_key = $1$sql$, current_schema(), v_row.table_name)
       INTO v_id, v_done USING in_key, v_row.dedup_window;
    IF v_done THEN
        EXECUTE format('UPDATE %I.%I q SET dedup_key = NULL WHERE q.msg_id = $1 AND q.dedup_key = $2',
                       current_schema(), v_row.table_name)
           USING v_id, in_key;
        RETURN NULL;
    END IF;
    RETURN v_id;
END
$fn$;

-- Internal: sends a message with headers and/or a dedup key (the generated pg_mq_send_message's path when either is
-- given). in_payload is text (text, xml and jsonb channels) or bytea (bytea channels). Returns the new msg_id, or
-- the holder's with duplicate = true. Runs as the caller: the INSERT needs what pg_mq_grant_send grants.
CREATE FUNCTION pg_mq_send_keyed(in_channel text, in_payload anyelement, in_deliver_at timestamptz, in_headers jsonb,
                                 in_dedup_key text, OUT msg_id bigint, OUT duplicate boolean)
    LANGUAGE plpgsql AS $fn$
DECLARE
    v_row  pg_mq_config_catalog := pg_mq_channel(in_channel);
    v_cast text;
    v_sql  text;
BEGIN
    PERFORM pg_mq_check_headers(in_channel, in_headers);
    IF pg_typeof(in_payload) = 'bytea'::regtype THEN
        IF v_row.payload_type <> 'bytea' THEN
            PERFORM pg_mq_payload_mismatch(in_channel, v_row.payload_type, 'bytea');
        END IF;
        v_cast := '';
    ELSE
        IF v_row.payload_type = 'bytea' THEN
            PERFORM pg_mq_payload_mismatch(in_channel, 'bytea', 'text');
        ELSIF v_row.payload_type = 'xml' THEN
            PERFORM pg_mq_check_xml(in_channel, in_payload::text);
        END IF;
        v_cast := CASE v_row.payload_type WHEN 'xml' THEN '::pg_catalog.xml' WHEN 'jsonb' THEN '::pg_catalog.jsonb'
                                          ELSE '::pg_catalog.text' END;
    END IF;
    v_sql := format('INSERT INTO %I.%I (payload, visible_at, headers, dedup_key) VALUES ($1%s, coalesce($2, now()), $3, $4)',
                    current_schema(), v_row.table_name, v_cast);
    duplicate := false;
    IF in_dedup_key IS NULL THEN
        EXECUTE v_sql || ' RETURNING msg_id' INTO msg_id USING in_payload, in_deliver_at, in_headers, in_dedup_key;
        RETURN;
    END IF;
    -- the holder may be released (window passed) or deleted (acked) between our INSERT and our lookup: try again
    FOR i IN 1 .. 3 LOOP
        -- no conflict target: naming (dedup_key) would need SELECT on it, which senders lack; msg_id is the only
        -- other unique column, and senders cannot choose it
        EXECUTE v_sql || ' ON CONFLICT DO NOTHING RETURNING msg_id'
           INTO msg_id USING in_payload, in_deliver_at, in_headers, in_dedup_key;
        IF msg_id IS NOT NULL THEN
            RETURN;
        END IF;
        msg_id := pg_mq_dedup_holder(in_channel, in_dedup_key);
        IF msg_id IS NOT NULL THEN
            duplicate := true;
            RETURN;
        END IF;
    END LOOP;
    RAISE EXCEPTION 'channel "%": dedup key % is taken, but its holder keeps changing', in_channel,
            quote_literal(in_dedup_key)
        USING ERRCODE = '40001', HINT = 'Retry the transaction.';
END
$fn$;

-- As version 6's, keeping a keyed message within its channel's dedup window (its key stays taken).
CREATE OR REPLACE FUNCTION pg_mq_ack_sql(in_table name) RETURNS text
    LANGUAGE sql IMMUTABLE AS $fn$
SELECT format($sql$
    WITH channel AS (
        SELECT c.keep_acked, c.dedup_window FROM %1$I.pg_mq_config_catalog c WHERE c.channel = $1::text
    ), held AS (
        SELECT a.msg_id, a.lease_token FROM unnest($2::bigint[], $3::uuid[]) AS a(msg_id, lease_token)
    ), deleted AS (
        DELETE FROM %1$I.%2$I q USING held h
         WHERE NOT (SELECT ch.keep_acked FROM channel ch)
           AND NOT (q.dedup_key IS NOT NULL AND q.sent_at + (SELECT ch.dedup_window FROM channel ch) > clock_timestamp())
           AND q.msg_id = h.msg_id AND q.lease_token = h.lease_token AND NOT q.was_delivered AND q.dead_at IS NULL
        RETURNING q.msg_id
    ), kept AS (
        UPDATE %1$I.%2$I q SET was_delivered = true, lease_token = NULL
          FROM held h
         WHERE ((SELECT ch.keep_acked FROM channel ch)
                OR q.dedup_key IS NOT NULL AND q.sent_at + (SELECT ch.dedup_window FROM channel ch) > clock_timestamp())
           AND q.msg_id = h.msg_id AND q.lease_token = h.lease_token AND NOT q.was_delivered AND q.dead_at IS NULL
        RETURNING q.msg_id
    )
    SELECT d.msg_id FROM deleted d UNION ALL SELECT k.msg_id FROM kept k$sql$,
    current_schema(), in_table)
$fn$;

-- As version 8's, keeping a keyed message within its channel's dedup window.
CREATE OR REPLACE FUNCTION pg_mq_complete_sql(in_table name) RETURNS text
    LANGUAGE sql IMMUTABLE AS $fn$
SELECT format($sql$
    WITH channel AS (
        SELECT c.keep_acked, c.dedup_window, xid(pg_current_xact_id_if_assigned()) AS me
          FROM %1$I.pg_mq_config_catalog c WHERE c.channel = $1::text
    ), asked AS (
        SELECT $2::bigint[] AS ids
    ), deleted AS (
        DELETE FROM %1$I.%2$I q
         WHERE NOT (SELECT ch.keep_acked FROM channel ch) AND q.msg_id = ANY ((SELECT a.ids FROM asked a)::bigint[])
           AND NOT (q.dedup_key IS NOT NULL AND q.sent_at + (SELECT ch.dedup_window FROM channel ch) > clock_timestamp())
           AND NOT q.was_delivered AND q.dead_at IS NULL AND q.visible_at <= clock_timestamp()
           AND q.xmax = (SELECT ch.me FROM channel ch)
        RETURNING q.msg_id
    ), kept AS (
        UPDATE %1$I.%2$I q SET was_delivered = true, lease_token = NULL
         WHERE ((SELECT ch.keep_acked FROM channel ch)
                OR q.dedup_key IS NOT NULL AND q.sent_at + (SELECT ch.dedup_window FROM channel ch) > clock_timestamp())
           AND q.msg_id = ANY ((SELECT a.ids FROM asked a)::bigint[])
           AND NOT q.was_delivered AND q.dead_at IS NULL AND q.visible_at <= clock_timestamp()
           AND q.xmax = (SELECT ch.me FROM channel ch)
        RETURNING q.msg_id
    )
    SELECT d.msg_id FROM deleted d UNION ALL SELECT k.msg_id FROM kept k$sql$,
    current_schema(), in_table)
$fn$;

-- As version 3's, keeping a done keyed message until its dedup window has passed.
CREATE OR REPLACE FUNCTION pg_mq_purge(in_channel text, in_older_than interval DEFAULT NULL,
                                       in_batch_size integer DEFAULT 1000) RETURNS bigint
    LANGUAGE plpgsql AS $fn$
DECLARE
    v_row   pg_mq_config_catalog := pg_mq_channel(in_channel);
    v_count bigint;
BEGIN
    IF NOT has_table_privilege(format('%I.%I', current_schema(), v_row.table_name), 'DELETE') THEN
        RAISE EXCEPTION 'channel "%": role % may not purge the channel: retention is for roles that may receive from it',
                in_channel, format('%I', current_user)
            USING ERRCODE = '42501',
                  HINT = format('Grant it with pg_mq_grant_receive(%L, %L).', in_channel, current_user);
    END IF;
    PERFORM pg_mq_check_interval(in_channel, 'older_than', in_older_than, true);
    IF in_batch_size IS NULL OR in_batch_size NOT BETWEEN 1 AND 100000 THEN
        RAISE EXCEPTION 'channel "%": batch size must be 1..100000, was %', in_channel,
                coalesce(in_batch_size::text, 'NULL')
            USING ERRCODE = 'PQ005';
    END IF;
    EXECUTE format($sql$
        DELETE FROM %1$I.%2$I q WHERE q.msg_id IN (
            SELECT d.msg_id FROM %1$I.%2$I d
             WHERE ((d.was_delivered AND d.sent_at < clock_timestamp() - $1)
                    OR (d.dead_at IS NOT NULL AND d.dead_at < clock_timestamp() - $2))
               AND NOT (d.dedup_key IS NOT NULL AND d.sent_at + $4 > clock_timestamp())
             ORDER BY d.msg_id
             LIMIT $3
               FOR UPDATE SKIP LOCKED)$sql$, current_schema(), v_row.table_name)
      USING coalesce(in_older_than, v_row.retention), coalesce(in_older_than, v_row.dead_retention), in_batch_size,
            v_row.dedup_window;
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END
$fn$;

--------------------------------------------------------------------------------------------------------------------
-- pg_mq_send_message with in_headers and in_dedup_key: the generator makes the five-argument overloads.
--------------------------------------------------------------------------------------------------------------------

DROP FUNCTION pg_mq_send_message(text, text, timestamptz);
DROP FUNCTION pg_mq_send_message(text, anyelement, timestamptz);

-- As version 10's, with in_headers and in_dedup_key (taking pg_mq_send_keyed when either is given) and the trailing
-- OUT duplicate.
CREATE OR REPLACE FUNCTION pg_mq_rebuild_send() RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER AS $fn$
DECLARE
    v_channels text[];
    v_tables   name[];
    v_types    text[];
    v_count    integer;
BEGIN
    -- one rebuild at a time: a concurrent one waits, then sees this one's committed catalog rows (F5: a row PUBLIC
    -- cannot lock, where V4-V9 took an advisory lock anyone could)
    PERFORM 1 FROM pg_mq_locks l WHERE l.lock_name = 'catalog' FOR UPDATE;
    SELECT coalesce(array_agg(channel ORDER BY channel COLLATE "C"), '{}'),
           coalesce(array_agg(table_name ORDER BY channel COLLATE "C"), '{}'),
           coalesce(array_agg(payload_type ORDER BY channel COLLATE "C"), '{}')
      INTO v_channels, v_tables, v_types
      FROM pg_mq_config_catalog;
    v_count := cardinality(v_channels);

    EXECUTE format($ddl$
CREATE OR REPLACE FUNCTION %1$I.pg_mq_send_message(in_channel text, in_payload text, in_deliver_at timestamptz DEFAULT NULL,
                                   in_headers jsonb DEFAULT NULL, in_dedup_key text DEFAULT NULL,
                                   OUT msg_id bigint, OUT sent_at timestamptz, OUT sent_by name,
                                   OUT was_delivered boolean, OUT payload text, OUT duplicate boolean)
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
    duplicate := false;
    IF in_headers IS NOT NULL OR in_dedup_key IS NOT NULL THEN
        SELECT k.msg_id, k.duplicate INTO msg_id, duplicate
          FROM %1$I.pg_mq_send_keyed(in_channel, in_payload, in_deliver_at, in_headers, in_dedup_key) k;
    ELSE
%3$s
    IF NOT v_routed THEN
        msg_id := %1$I.pg_mq_send_dynamic(in_channel, in_payload, in_deliver_at);
    END IF;
    END IF;
    sent_at := pg_catalog.now();
    sent_by := SESSION_USER;
    was_delivered := false;
    payload := in_payload;
END
$body$$ddl$, current_schema(), v_count, pg_mq_send_tree(v_channels, v_tables, v_types, 1, v_count, 'text'));

    EXECUTE format($ddl$
CREATE OR REPLACE FUNCTION %1$I.pg_mq_send_message(in_channel text, in_payload anyelement, in_deliver_at timestamptz DEFAULT NULL,
                                   in_headers jsonb DEFAULT NULL, in_dedup_key text DEFAULT NULL,
                                   OUT msg_id bigint, OUT sent_at timestamptz, OUT sent_by name,
                                   OUT was_delivered boolean, OUT payload anyelement, OUT duplicate boolean)
    LANGUAGE plpgsql AS $body$
-- Generated by pg_mq_rebuild_send() from pg_mq_config_catalog (%2$s channels): do not edit.
-- No SET clause, so every name is qualified (V9).
-- bytea values go to bytea channels; any other value is sent as its text form through the text overload.
DECLARE
    v_routed boolean := true;
BEGIN
    IF pg_catalog.pg_typeof(in_payload) OPERATOR(pg_catalog.<>) 'pg_catalog.bytea'::pg_catalog.regtype THEN
        -- a domain over bytea is sent as its bytea value (V10), checked only off the bytea path
        IF %1$I.pg_mq_base_type(pg_catalog.pg_typeof(in_payload))
           OPERATOR(pg_catalog.=) 'pg_catalog.bytea'::pg_catalog.regtype THEN
            SELECT s.msg_id, s.sent_at, s.sent_by, s.was_delivered, s.duplicate
              INTO msg_id, sent_at, sent_by, was_delivered, duplicate
              FROM %1$I.pg_mq_send_message(in_channel, in_payload::pg_catalog.bytea, in_deliver_at, in_headers,
                                           in_dedup_key) s;
        ELSE
            SELECT s.msg_id, s.sent_at, s.sent_by, s.was_delivered, s.duplicate
              INTO msg_id, sent_at, sent_by, was_delivered, duplicate
              FROM %1$I.pg_mq_send_message(in_channel, in_payload::pg_catalog.text, in_deliver_at, in_headers,
                                           in_dedup_key) s;
        END IF;
        payload := in_payload;
        RETURN;
    END IF;
    IF in_payload IS NULL THEN
        PERFORM %1$I.pg_mq_channel(in_channel);
        RAISE EXCEPTION 'channel "%%": payload is NULL', in_channel
            USING ERRCODE = '22004', HINT = 'Send a value; a message needs a payload.';
    END IF;
    duplicate := false;
    IF in_headers IS NOT NULL OR in_dedup_key IS NOT NULL THEN
        SELECT k.msg_id, k.duplicate INTO msg_id, duplicate
          FROM %1$I.pg_mq_send_keyed(in_channel, in_payload::pg_catalog.bytea, in_deliver_at, in_headers,
                                     in_dedup_key) k;
    ELSE
%3$s
    IF NOT v_routed THEN
        msg_id := %1$I.pg_mq_send_dynamic(in_channel, in_payload::pg_catalog.bytea, in_deliver_at);
    END IF;
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

--------------------------------------------------------------------------------------------------------------------
-- Claims return the headers as a trailing column (the statements the runtime runs too; it reads columns by name).
--------------------------------------------------------------------------------------------------------------------

-- As version 10's, returning q.headers last.
CREATE OR REPLACE FUNCTION pg_mq_claim_statement(in_table name, in_payload_cast text, in_limit text, in_lease text)
    RETURNS text LANGUAGE sql IMMUTABLE AS $fn$
SELECT format($sql$
    WITH lease AS (
        SELECT c.channel, c.max_attempts, c.default_lease, clock_timestamp() AS now, gen_random_uuid() AS token
          FROM %1$I.pg_mq_config_catalog c WHERE c.channel = $1::text
    ), asked AS (
        SELECT CASE WHEN a.lease IS NULL THEN l.default_lease
                    WHEN %6$s THEN a.lease
                    ELSE %1$I.pg_mq_check_interval(l.channel, 'lease', a.lease, false) END AS lease
          FROM lease l CROSS JOIN (SELECT %5$s AS lease) a
    ), picked AS (
        SELECT q.msg_id, q.attempts >= (SELECT l.max_attempts FROM lease l) AS used_up
          FROM %1$I.%2$I q
         WHERE NOT q.was_delivered AND q.dead_at IS NULL AND q.visible_at <= (SELECT l.now FROM lease l)
           AND (SELECT s.lease FROM asked s) IS NOT NULL
         ORDER BY q.msg_id
         LIMIT %4$s
           FOR UPDATE SKIP LOCKED
    ), claimed AS (
        UPDATE %1$I.%2$I q
           SET attempts    = q.attempts + CASE WHEN p.used_up THEN 0 ELSE 1 END,
               lease_token = CASE WHEN p.used_up THEN NULL ELSE l.token END,
               visible_at  = CASE WHEN p.used_up THEN q.visible_at ELSE l.now + (SELECT s.lease FROM asked s) END,
               dead_at     = CASE WHEN p.used_up THEN l.now END,
               last_error  = CASE WHEN NOT p.used_up THEN q.last_error
                                  WHEN q.lease_token IS NOT NULL
                                  THEN 'lease expired on attempt ' || q.attempts || ' of ' || l.max_attempts
                                       || ': the consumer neither acked nor nacked in time'
                                  ELSE coalesce(q.last_error, 'attempts used up: ' || q.attempts || ' of '
                                                || l.max_attempts) END
          FROM picked p, lease l
         WHERE q.msg_id = p.msg_id
        RETURNING q.msg_id, q.attempts, q.lease_token, q.visible_at, q.sent_at, q.sent_by, q.last_error,
                  q.payload::%3$I AS payload, q.dead_at, q.headers
    )
    SELECT msg_id, attempts AS attempt, lease_token, visible_at AS lease_expires_at, sent_at, sent_by, last_error,
           payload, headers
      FROM claimed WHERE dead_at IS NULL ORDER BY msg_id$sql$,
    current_schema(), in_table, in_payload_cast, in_limit, in_lease, pg_mq_interval_rule_sql('a.lease', false))
$fn$;

-- As version 8's, returning q.headers last.
CREATE OR REPLACE FUNCTION pg_mq_claim_locked_statement(in_table name, in_payload_cast text, in_limit text)
    RETURNS text LANGUAGE sql IMMUTABLE AS $fn$
SELECT format($sql$
    WITH channel AS (
        SELECT c.max_attempts, clock_timestamp() AS now, xid(pg_current_xact_id_if_assigned()) AS me
          FROM %1$I.pg_mq_config_catalog c WHERE c.channel = $1::text
    )
    SELECT q.msg_id, q.attempts + 1 AS attempt, q.sent_at, q.sent_by, q.last_error, q.payload::%3$I AS payload,
           q.headers
      FROM %1$I.%2$I q
     WHERE NOT q.was_delivered AND q.dead_at IS NULL AND q.visible_at <= (SELECT ch.now FROM channel ch)
       AND q.attempts < (SELECT ch.max_attempts FROM channel ch)
       AND (q.xmax = (SELECT ch.me FROM channel ch)) IS NOT TRUE
     ORDER BY q.msg_id
     LIMIT %4$s
       FOR UPDATE OF q SKIP LOCKED$sql$,
    current_schema(), in_table, in_payload_cast, in_limit)
$fn$;

-- The claim functions, as before with a trailing headers column (a new result type: dropped and created again).
DROP FUNCTION pg_mq_claim_bin(name, integer, interval);
DROP FUNCTION pg_mq_claim_locked_bin(name, integer);
DROP FUNCTION pg_mq_claim_text(name, integer, interval);
DROP FUNCTION pg_mq_claim_jsonb(name, integer, interval);
DROP FUNCTION pg_mq_claim_locked_text(name, integer);
DROP FUNCTION pg_mq_claim_locked_jsonb(name, integer);

CREATE FUNCTION pg_mq_claim_text(in_channel name, in_max integer, in_lease interval DEFAULT NULL)
    RETURNS TABLE (msg_id bigint, attempt integer, lease_token uuid, lease_expires_at timestamptz, sent_at timestamptz,
                   sent_by name, last_error text, payload text, headers jsonb)
    LANGUAGE plpgsql AS $fn$
DECLARE
    v_row pg_mq_config_catalog := pg_mq_channel_for_get(in_channel, in_max, true);
BEGIN
    PERFORM pg_mq_lease(in_channel, in_lease, v_row.default_lease);
    RETURN QUERY EXECUTE pg_mq_claim_sql(v_row.table_name, 'text') USING in_channel::text, in_max, in_lease;
END
$fn$;

CREATE FUNCTION pg_mq_claim_jsonb(in_channel name, in_max integer, in_lease interval DEFAULT NULL)
    RETURNS TABLE (msg_id bigint, attempt integer, lease_token uuid, lease_expires_at timestamptz, sent_at timestamptz,
                   sent_by name, last_error text, payload jsonb, headers jsonb)
    LANGUAGE plpgsql AS $fn$
DECLARE
    v_row pg_mq_config_catalog := pg_mq_channel_for_jsonb(in_channel, in_max);
BEGIN
    PERFORM pg_mq_lease(in_channel, in_lease, v_row.default_lease);
    RETURN QUERY EXECUTE pg_mq_claim_sql(v_row.table_name, 'jsonb') USING in_channel::text, in_max, in_lease;
END
$fn$;

CREATE FUNCTION pg_mq_claim_bin(in_channel name, in_max integer, in_lease interval DEFAULT NULL)
    RETURNS TABLE (msg_id bigint, attempt integer, lease_token uuid, lease_expires_at timestamptz, sent_at timestamptz,
                   sent_by name, last_error text, payload bytea, headers jsonb)
    LANGUAGE plpgsql AS $fn$
DECLARE
    v_row pg_mq_config_catalog := pg_mq_channel_for_get(in_channel, in_max, false);
BEGIN
    IF v_row.payload_type = 'bytea' THEN
        PERFORM pg_mq_lease(in_channel, in_lease, v_row.default_lease);
        RETURN QUERY EXECUTE pg_mq_claim_sql(v_row.table_name, 'bytea') USING in_channel::text, in_max, in_lease;
    ELSE
        RETURN QUERY SELECT c.msg_id, c.attempt, c.lease_token, c.lease_expires_at, c.sent_at, c.sent_by,
                            c.last_error,
                            convert_to(c.payload, CASE WHEN v_row.payload_type = 'jsonb' THEN 'UTF8'
                                                       ELSE current_setting('server_encoding') END),
                            c.headers
          FROM pg_mq_claim_text(in_channel, in_max, in_lease) c;
    END IF;
END
$fn$;

CREATE FUNCTION pg_mq_claim_locked_text(in_channel name, in_max integer)
    RETURNS TABLE (msg_id bigint, attempt integer, sent_at timestamptz, sent_by name, last_error text, payload text,
                   headers jsonb)
    LANGUAGE plpgsql AS $fn$
DECLARE
    v_row pg_mq_config_catalog := pg_mq_channel_for_get(in_channel, in_max, true);
BEGIN
    RETURN QUERY EXECUTE pg_mq_claim_locked_statement(v_row.table_name, 'text', '$2::integer')
        USING in_channel::text, in_max;
END
$fn$;

CREATE FUNCTION pg_mq_claim_locked_jsonb(in_channel name, in_max integer)
    RETURNS TABLE (msg_id bigint, attempt integer, sent_at timestamptz, sent_by name, last_error text, payload jsonb,
                   headers jsonb)
    LANGUAGE plpgsql AS $fn$
DECLARE
    v_row pg_mq_config_catalog := pg_mq_channel_for_jsonb(in_channel, in_max);
BEGIN
    RETURN QUERY EXECUTE pg_mq_claim_locked_statement(v_row.table_name, 'jsonb', '$2::integer')
        USING in_channel::text, in_max;
END
$fn$;

CREATE FUNCTION pg_mq_claim_locked_bin(in_channel name, in_max integer)
    RETURNS TABLE (msg_id bigint, attempt integer, sent_at timestamptz, sent_by name, last_error text, payload bytea,
                   headers jsonb)
    LANGUAGE plpgsql AS $fn$
DECLARE
    v_row pg_mq_config_catalog := pg_mq_channel_for_get(in_channel, in_max, false);
BEGIN
    IF v_row.payload_type = 'bytea' THEN
        RETURN QUERY EXECUTE pg_mq_claim_locked_statement(v_row.table_name, 'bytea', '$2::integer')
            USING in_channel::text, in_max;
    ELSE
        RETURN QUERY SELECT c.msg_id, c.attempt, c.sent_at, c.sent_by, c.last_error,
                            convert_to(c.payload, CASE WHEN v_row.payload_type = 'jsonb' THEN 'UTF8'
                                                       ELSE current_setting('server_encoding') END),
                            c.headers
          FROM pg_mq_claim_locked_text(in_channel, in_max) c;
    END IF;
END
$fn$;

COMMENT ON FUNCTION pg_mq_claim_text(name, integer, interval) IS
    'At-least-once: claims up to n messages of a text, xml or jsonb channel for a lease (NULL: the channel''s default), with their headers. Needs: SELECT and UPDATE on the channel''s table, as pg_mq_grant_receive grants.';
COMMENT ON FUNCTION pg_mq_claim_jsonb(name, integer, interval) IS
    'At-least-once: claims up to n messages of a jsonb channel for a lease (NULL: the channel''s default), payload as jsonb, with their headers. Needs: SELECT and UPDATE on the channel''s table, as pg_mq_grant_receive grants.';
COMMENT ON FUNCTION pg_mq_claim_bin(name, integer, interval) IS
    'At-least-once: claims up to n messages of any channel for a lease, payload as bytea, with their headers. Needs: SELECT and UPDATE on the channel''s table, as pg_mq_grant_receive grants.';
COMMENT ON FUNCTION pg_mq_claim_locked_text(name, integer) IS
    'Locks up to n ready messages of a text, xml or jsonb channel for the calling transaction and returns them with their headers; writes nothing. Needs: SELECT and UPDATE on the channel''s table, as pg_mq_grant_receive grants.';
COMMENT ON FUNCTION pg_mq_claim_locked_jsonb(name, integer) IS
    'Locks up to n ready messages of a jsonb channel for the calling transaction and returns them as jsonb with their headers; writes nothing. Needs: SELECT and UPDATE on the channel''s table, as pg_mq_grant_receive grants.';
COMMENT ON FUNCTION pg_mq_claim_locked_bin(name, integer) IS
    'Locks up to n ready messages of any channel for the calling transaction and returns them as bytea with their headers; writes nothing. Needs: SELECT and UPDATE on the channel''s table, as pg_mq_grant_receive grants.';

SELECT pg_mq_rebuild_send();
SELECT pg_mq_pin_search_path();

COMMENT ON FUNCTION pg_mq_send_message(text, text, timestamptz, jsonb, text) IS
    'Sends text to a text, xml or jsonb channel, now or at a given time, with optional headers (a JSON object of strings, at most 8192 bytes) and dedup key (a taken key sends nothing and returns the holder''s msg_id with duplicate = true); the 2012 two-argument form is unchanged. Needs: INSERT (payload, visible_at, headers, dedup_key) and SELECT (msg_id) on the channel''s table, as pg_mq_grant_send grants.';
COMMENT ON FUNCTION pg_mq_send_message(text, anyelement, timestamptz, jsonb, text) IS
    'Sends a bytea value to a bytea channel (any other value as its text form), with optional headers and dedup key as the text form. Needs: INSERT (payload, visible_at, headers, dedup_key) and SELECT (msg_id) on the channel''s table, as pg_mq_grant_send grants.';
COMMENT ON FUNCTION pg_mq_send_keyed(text, anyelement, timestamptz, jsonb, text) IS
    'Internal: pg_mq_send_message''s path for a message with headers or a dedup key (INSERT ... ON CONFLICT DO NOTHING on the dedup index, then the holder''s msg_id). Needs: INSERT (payload, visible_at, headers, dedup_key) and SELECT (msg_id) on the channel''s table, as pg_mq_grant_send grants.';
COMMENT ON FUNCTION pg_mq_dedup_holder(text, text) IS
    'Internal: the msg_id of the message holding a dedup key on a channel, releasing a done holder whose dedup window has passed (then NULL); 42501 for a role that may not send on the channel. Needs: EXECUTE (runs as the owner).';
COMMENT ON FUNCTION pg_mq_set_dedup_window(text, interval) IS
    'Sets how long a keyed message''s dedup key stays taken after it was sent, once it is done (0: only while not done); acks and retention keep the message until then. Needs: EXECUTE, which is revoked from PUBLIC (administration; runs as the owner).';
COMMENT ON FUNCTION pg_mq_headers_limit() IS
    'The most bytes a message''s headers may take as jsonb text (8192). Needs: nothing.';
COMMENT ON FUNCTION pg_mq_check_headers(text, jsonb) IS
    'Internal: the headers if they are a JSON object of string values within pg_mq_headers_limit() bytes, else PQ005 naming the key or the size. Needs: nothing.';
COMMENT ON FUNCTION pg_mq_headers(text, bigint[]) IS
    'The headers and dedup keys of the given messages of a channel, by msg_id. Needs: SELECT on the channel''s table, as pg_mq_grant_receive grants.';
COMMENT ON FUNCTION pg_mq_dead_letters(text, integer) IS
    'Up to n dead letters of a channel, oldest first, with their attempts, last error, headers and dedup key. Needs: SELECT on the channel''s table, as pg_mq_grant_receive grants.';
COMMENT ON FUNCTION pg_mq_grant_send(text, name) IS
    'Lets a role send on a channel: USAGE on the schema, INSERT (payload, visible_at, headers, dedup_key) and SELECT (msg_id) on its table. Needs: EXECUTE, which is revoked from PUBLIC (administration; runs as the owner).';
