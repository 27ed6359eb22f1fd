-- pgmq core script V4__send_fast_path.sql, vendored from pgmq-schema by pgmq make-migrations.
-- Written by pgmq make-migrations. Do not edit: channels.lock.json records its checksum.

-- pgmq core, version 4: a send path with cached plans.
--
-- Why: pg_mq_send_message built its INSERT with EXECUTE format(...), so PostgreSQL parsed and planned it on every
-- call. Measured in a server-side loop that cost ~69 µs per send against ~17 µs for the raw INSERT, and a
-- producer reached only ~0.78x of a raw INSERT's throughput at one session (bench/send-ratio.sh). Static SQL in
-- PL/pgSQL is planned once per session, but a static statement must name its table.
--
-- So pg_mq_send_message is now generated: one static INSERT per channel, reached by comparing the channel name
-- (a binary search over the sorted names, then a short IF chain), so a send costs about what the raw INSERT
-- does. It is regenerated whenever the catalog changes (a statement trigger on pg_mq_config_catalog, serialised
-- by an advisory lock), keeps its signatures, privileges (SECURITY INVOKER: INSERT on the channel's table), errors
-- and behaviour, and falls back to the dynamic statement for a channel it does not know yet (a catalog row
-- committed by a concurrent REPEATABLE READ transaction, say).

-- The dynamic path, for the fallback: V2's text send.
CREATE FUNCTION pg_mq_send_dynamic(in_channel text, in_payload text, in_deliver_at timestamptz) RETURNS bigint
    LANGUAGE plpgsql AS $fn$
DECLARE
    v_row pg_mq_config_catalog := pg_mq_channel(in_channel);
    v_id  bigint;
BEGIN
    IF v_row.payload_type = 'text' THEN
        EXECUTE format('INSERT INTO %I.%I (payload, visible_at) VALUES ($1, coalesce($2, now())) RETURNING msg_id',
                       current_schema(), v_row.table_name)
           INTO v_id USING in_payload, in_deliver_at;
    ELSIF v_row.payload_type = 'xml' THEN
        PERFORM pg_mq_check_xml(in_channel, in_payload);
        EXECUTE format('INSERT INTO %I.%I (payload, visible_at) VALUES ($1::xml, coalesce($2, now())) RETURNING msg_id',
                       current_schema(), v_row.table_name)
           INTO v_id USING in_payload, in_deliver_at;
    ELSE
        PERFORM pg_mq_payload_mismatch(in_channel, 'bytea', 'text');
    END IF;
    RETURN v_id;
END
$fn$;

-- The dynamic path, for the fallback: V2's bytea send.
CREATE FUNCTION pg_mq_send_dynamic(in_channel text, in_payload bytea, in_deliver_at timestamptz) RETURNS bigint
    LANGUAGE plpgsql AS $fn$
DECLARE
    v_row pg_mq_config_catalog := pg_mq_channel(in_channel);
    v_id  bigint;
BEGIN
    IF v_row.payload_type <> 'bytea' THEN
        PERFORM pg_mq_payload_mismatch(in_channel, v_row.payload_type, 'bytea');
    END IF;
    EXECUTE format('INSERT INTO %I.%I (payload, visible_at) VALUES ($1, coalesce($2, now())) RETURNING msg_id',
                   current_schema(), v_row.table_name)
       INTO v_id USING in_payload, in_deliver_at;
    RETURN v_id;
END
$fn$;

-- Internal: PQ004 for a payload of the wrong type, in one place.
CREATE FUNCTION pg_mq_payload_mismatch(in_channel text, in_channel_type text, in_payload_type text) RETURNS void
    LANGUAGE plpgsql AS $fn$
BEGIN
    RAISE EXCEPTION 'channel "%" holds % payloads, got %', in_channel, in_channel_type, in_payload_type
        USING ERRCODE = 'PQ004',
              HINT = CASE in_channel_type
                         WHEN 'bytea' THEN 'Send a bytea value, e.g. convert_to(''some text'', ''UTF8'') or ''\x0102''::bytea.'
                         ELSE 'Send text, e.g. convert_from(bytes, ''UTF8''), or use a bytea channel.' END;
END
$fn$;

-- Internal: 2200N unless in_payload is well-formed XML (under the session's xmloption, as the cast to xml is).
CREATE FUNCTION pg_mq_check_xml(in_channel text, in_payload text) RETURNS void
    LANGUAGE plpgsql AS $fn$
BEGIN
    IF NOT xml_is_well_formed(in_payload) THEN
        RAISE EXCEPTION 'channel "%" holds xml payloads: the payload is not well-formed XML', in_channel
            USING ERRCODE = '2200N', HINT = 'Fix the document, or send it to a text channel.';
    END IF;
END
$fn$;

-- Internal: the static INSERT of one channel, for the generated pg_mq_send_message (text or bytea overload).
CREATE FUNCTION pg_mq_send_branch(in_channel text, in_table name, in_type text, in_overload text) RETURNS text
    LANGUAGE sql STABLE AS $fn$
SELECT CASE
    WHEN in_overload = 'text' AND in_type = 'bytea' THEN
        format('PERFORM pg_mq_payload_mismatch(in_channel, %L, %L);', 'bytea', 'text')
    WHEN in_overload = 'bytea' AND in_type <> 'bytea' THEN
        format('PERFORM pg_mq_payload_mismatch(in_channel, %L, %L);', in_type, 'bytea')
    ELSE
        CASE WHEN in_type = 'xml' THEN 'PERFORM pg_mq_check_xml(in_channel, in_payload);' || chr(10) ELSE '' END
        || format($sql$IF in_deliver_at IS NULL THEN
    INSERT INTO %1$I.%2$I (payload) VALUES (in_payload%3$s) RETURNING %2$I.msg_id INTO msg_id;
ELSE
    INSERT INTO %1$I.%2$I (payload, visible_at) VALUES (in_payload%3$s, in_deliver_at) RETURNING %2$I.msg_id INTO msg_id;
END IF;$sql$, current_schema(), in_table, CASE WHEN in_type = 'xml' THEN '::xml' ELSE '' END)
    END
$fn$;

-- Internal: the routing code for channels[lo..hi] (sorted in "C" order): a binary search on the name down to
-- runs of at most 8, then an IF chain whose ELSE marks the name as not routed.
CREATE FUNCTION pg_mq_send_tree(in_channels text[], in_tables name[], in_types text[], in_lo integer, in_hi integer,
                                in_overload text) RETURNS text
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
            v_code := v_code || format('%s in_channel = %L THEN', CASE WHEN i = in_lo THEN 'IF' ELSE 'ELSIF' END,
                                       in_channels[i]) || chr(10)
                   || pg_mq_send_branch(in_channels[i], in_tables[i], in_types[i], in_overload) || chr(10);
        END LOOP;
        RETURN v_code || 'ELSE' || chr(10) || 'v_routed := false;' || chr(10) || 'END IF;';
    END IF;
    v_mid := (in_lo + in_hi + 1) / 2;
    RETURN format('IF in_channel COLLATE "C" < %L COLLATE "C" THEN', in_channels[v_mid]) || chr(10)
        || pg_mq_send_tree(in_channels, in_tables, in_types, in_lo, v_mid - 1, in_overload) || chr(10)
        || 'ELSE' || chr(10)
        || pg_mq_send_tree(in_channels, in_tables, in_types, v_mid, in_hi, in_overload) || chr(10)
        || 'END IF;';
END
$fn$;

-- Regenerates both overloads of pg_mq_send_message from the catalog. Called by the catalog's trigger; callable
-- by the owner after a restore. Returns the number of channels routed.
CREATE FUNCTION pg_mq_rebuild_send() RETURNS integer
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
    LANGUAGE plpgsql SET search_path = %1$I, pg_temp AS $body$
-- Generated by pg_mq_rebuild_send() from pg_mq_config_catalog (%2$s channels): do not edit.
DECLARE
    v_routed boolean := true;
BEGIN
    IF in_payload IS NULL THEN
        PERFORM pg_mq_channel(in_channel);
        RAISE EXCEPTION 'channel "%%": payload is NULL', in_channel
            USING ERRCODE = '22004', HINT = 'Send a value; a message needs a payload.';
    END IF;
%3$s
    IF NOT v_routed THEN
        msg_id := pg_mq_send_dynamic(in_channel, in_payload, in_deliver_at);
    END IF;
    sent_at := now();
    sent_by := session_user;
    was_delivered := false;
    payload := in_payload;
END
$body$$ddl$, current_schema(), v_count, pg_mq_send_tree(v_channels, v_tables, v_types, 1, v_count, 'text'));

    EXECUTE format($ddl$
CREATE OR REPLACE FUNCTION %1$I.pg_mq_send_message(in_channel text, in_payload anyelement, in_deliver_at timestamptz DEFAULT NULL,
                                   OUT msg_id bigint, OUT sent_at timestamptz, OUT sent_by name,
                                   OUT was_delivered boolean, OUT payload anyelement)
    LANGUAGE plpgsql SET search_path = %1$I, pg_temp AS $body$
-- Generated by pg_mq_rebuild_send() from pg_mq_config_catalog (%2$s channels): do not edit.
-- bytea values go to bytea channels; any other value is sent as its text form through the text overload.
DECLARE
    v_routed boolean := true;
BEGIN
    IF pg_typeof(in_payload) <> 'bytea'::regtype THEN
        SELECT s.msg_id, s.sent_at, s.sent_by, s.was_delivered INTO msg_id, sent_at, sent_by, was_delivered
          FROM pg_mq_send_message(in_channel, in_payload::text, in_deliver_at) s;
        payload := in_payload;
        RETURN;
    END IF;
    IF in_payload IS NULL THEN
        PERFORM pg_mq_channel(in_channel);
        RAISE EXCEPTION 'channel "%%": payload is NULL', in_channel
            USING ERRCODE = '22004', HINT = 'Send a value; a message needs a payload.';
    END IF;
%3$s
    IF NOT v_routed THEN
        msg_id := pg_mq_send_dynamic(in_channel, in_payload::bytea, in_deliver_at);
    END IF;
    sent_at := now();
    sent_by := session_user;
    was_delivered := false;
    payload := in_payload;
END
$body$$ddl$, current_schema(), v_count, pg_mq_send_tree(v_channels, v_tables, v_types, 1, v_count, 'bytea'));
    RETURN v_count;
END
$fn$;

-- Internal: keeps pg_mq_send_message in step with the catalog.
CREATE FUNCTION pg_mq_catalog_changed() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER AS $fn$
BEGIN
    PERFORM pg_mq_rebuild_send();
    RETURN NULL;
END
$fn$;

CREATE TRIGGER pg_mq_catalog_changed
    AFTER INSERT OR DELETE OR UPDATE OF channel, table_name, payload_type OR TRUNCATE ON pg_mq_config_catalog
    FOR EACH STATEMENT EXECUTE FUNCTION pg_mq_catalog_changed();

REVOKE EXECUTE ON FUNCTION pg_mq_rebuild_send(), pg_mq_catalog_changed() FROM PUBLIC;

SELECT pg_mq_rebuild_send();
SELECT pg_mq_pin_search_path();
