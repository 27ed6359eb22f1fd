-- pgmq core script V12__json_channels.sql, vendored from pgmq-schema by pgmq make-migrations.
-- Written by pgmq make-migrations. Do not edit: channels.lock.json records its checksum.

-- pgmq core, version 12: json channels (issue 16). A fourth payload type, jsonb, across the SQL API; jsonb getters
-- and claims for psql users; a json contract the database enforces with CHECK constraints; and pg_mq_reject, which
-- makes a message a dead letter at once (a consumer that cannot decode a payload must not retry it).
--
-- jsonb channels: pg_mq_create_queue('events', 'jsonb'). pg_mq_send_message takes JSON text (the text overload casts
-- it, so malformed JSON raises 22P02) or a json/jsonb value (the anyelement overload sends its text form). The text
-- getters and claims return the JSON text (jsonb's own rendering: keys sorted, no insignificant whitespace), the _bin
-- ones its UTF-8 bytes, and pg_mq_get_msg_jsonb, pg_mq_get_msg_id_jsonb, pg_mq_claim_jsonb and
-- pg_mq_claim_locked_jsonb return jsonb, so that `SELECT payload->>'email' FROM pg_mq_get_msg_jsonb('events', 10)`
-- works. Privileges are those of the text forms.
--
-- The json contract: pg_mq_set_json_contract(channel, contract) replaces the channel's contract constraints with the
-- ones the contract describes, or removes them for NULL. The contract is
--   {"message": "OrderPlaced", "fields": {"order_id": {"type": "number", "required": true},
--                                         "coupon":   {"type": "string", "required": false}}}
-- with types number, string, boolean, object and array (JSON's). It becomes one CHECK constraint pgmq_<message>
-- calling pg_mq_json_conforms, whose 23514 names the channel, the message and the field in its message, and carries
-- the constraint name of what failed:
--   pgmq_<message>           the payload is a JSON object
--   pgmq_<message>_<field>   required: the field is present with that JSON type (not null);
--                            optional: when present, it has that type or is null
-- (One CHECK per field would name them in the catalog too, but PostgreSQL builds a table's CHECK expressions again
-- for every INSERT statement: seven of them cost ~20 us per single-row INSERT, the function ~5 us within one
-- transaction; an autocommit send also pays PL/pgSQL's setup of its expressions once per transaction, so there both
-- cost a send about a fifth, bench/RESULTS.md. The function stays for its errors.) Fields the contract
-- does not name are allowed (a newer producer may add optional ones). A name longer than PostgreSQL's 63 bytes keeps
-- its first bytes and ends in _ and 8 hex digits of its md5, so it stays deterministic. The constraint has a comment
-- starting 'pgmq json contract', which is how pg_mq_set_json_contract finds its own.
-- Adding the constraints checks the messages the table holds (done and dead ones included): a contract they break is
-- refused with the same 23514.
--
-- New SQLSTATE uses: PQ004 for a json contract on a channel that is not jsonb, or a jsonb getter on one; PQ005 for a
-- malformed contract, naming the key or field and the fix.

--------------------------------------------------------------------------------------------------------------------
-- The payload type: catalog, shape table, create_queue.
--------------------------------------------------------------------------------------------------------------------

ALTER TABLE pg_mq_config_catalog DROP CONSTRAINT pg_mq_config_catalog_payload_type_check;
ALTER TABLE pg_mq_config_catalog ADD CONSTRAINT pg_mq_config_catalog_payload_type_check
    CHECK (payload_type IN ('text', 'xml', 'bytea', 'jsonb'));

CREATE TABLE pg_mq_shape_jsonb (LIKE pg_mq_shape_text INCLUDING ALL);
ALTER TABLE pg_mq_shape_jsonb ALTER COLUMN payload TYPE jsonb USING NULL;
-- LIKE copied the text shape's index of ready messages under a generated name: give it the shapes' naming
DO $rename$
BEGIN
    EXECUTE format('ALTER INDEX %I.%I RENAME TO pg_mq_shape_jsonb_ready', current_schema(),
                   (SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                     WHERE i.indrelid = 'pg_mq_shape_jsonb'::regclass AND i.indpred IS NOT NULL));
END
$rename$;
REVOKE ALL ON pg_mq_shape_jsonb FROM PUBLIC;
COMMENT ON TABLE pg_mq_shape_jsonb IS 'pgmq: the shape of jsonb queue tables; holds no messages.';

-- As version 10's, with jsonb among the payload types.
CREATE OR REPLACE FUNCTION pg_mq_create_queue(in_channel text, in_type text) RETURNS pg_mq_config_catalog
    LANGUAGE plpgsql SECURITY DEFINER AS $fn$
DECLARE
    v_table name := pg_mq_check_channel_name(in_channel);
    v_row   pg_mq_config_catalog;
BEGIN
    IF in_type IS NULL OR in_type NOT IN ('text', 'xml', 'bytea', 'jsonb') THEN
        RAISE EXCEPTION 'channel "%": payload type % is not supported: expected text, xml, bytea or jsonb',
                in_channel, coalesce(quote_literal(in_type), 'NULL')
            USING ERRCODE = 'PQ005', HINT = 'Pass ''text'', ''xml'', ''bytea'' or ''jsonb'' as in_type.';
    END IF;
    IF EXISTS (SELECT 1 FROM pg_mq_config_catalog WHERE channel = in_channel) THEN
        RAISE EXCEPTION 'channel "%" already exists', in_channel
            USING ERRCODE = 'PQ002', HINT = 'Choose another name, or drop it first with pg_mq_drop_queue.';
    END IF;
    EXECUTE format('CREATE TABLE %I.%I (LIKE %I.%I INCLUDING ALL)',
                   current_schema(), v_table, current_schema(), 'pg_mq_shape_' || in_type);
    PERFORM pg_mq_name_channel_objects(in_channel, v_table);
    PERFORM pg_mq_set_queue_storage(v_table);
    EXECUTE format('REVOKE ALL ON %I.%I FROM PUBLIC', current_schema(), v_table);
    EXECUTE format('COMMENT ON TABLE %I.%I IS %L', current_schema(), v_table,
                   format('pgmq: messages of channel "%s" (%s)', in_channel, in_type));
    PERFORM pg_mq_create_trigger(in_channel, v_table);
    INSERT INTO pg_mq_config_catalog (channel, table_name, payload_type)
    VALUES (in_channel, v_table, in_type)
    RETURNING * INTO v_row;
    RETURN v_row;
END
$fn$;

--------------------------------------------------------------------------------------------------------------------
-- Sending: JSON text is cast to jsonb by the channel's static INSERT (and by the dynamic fallback).
--------------------------------------------------------------------------------------------------------------------

-- As version 9's, with the jsonb cast beside the xml one.
CREATE OR REPLACE FUNCTION pg_mq_send_branch(in_channel text, in_table name, in_type text, in_overload text)
    RETURNS text LANGUAGE sql STABLE AS $fn$
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
END IF;$sql$, current_schema(), in_table, CASE in_type WHEN 'xml' THEN '::pg_catalog.xml'
                                                       WHEN 'jsonb' THEN '::pg_catalog.jsonb' ELSE '' END)
    END
$fn$;

-- As version 4's, with a jsonb branch.
CREATE OR REPLACE FUNCTION pg_mq_send_dynamic(in_channel text, in_payload text, in_deliver_at timestamptz)
    RETURNS bigint LANGUAGE plpgsql AS $fn$
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
    ELSIF v_row.payload_type = 'jsonb' THEN
        EXECUTE format('INSERT INTO %I.%I (payload, visible_at) VALUES ($1::jsonb, coalesce($2, now())) RETURNING msg_id',
                       current_schema(), v_row.table_name)
           INTO v_id USING in_payload, in_deliver_at;
    ELSE
        PERFORM pg_mq_payload_mismatch(in_channel, 'bytea', 'text');
    END IF;
    RETURN v_id;
END
$fn$;

-- As version 4's, with the fix for a jsonb channel.
CREATE OR REPLACE FUNCTION pg_mq_payload_mismatch(in_channel text, in_channel_type text, in_payload_type text)
    RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
    RAISE EXCEPTION 'channel "%" holds % payloads, got %', in_channel, in_channel_type, in_payload_type
        USING ERRCODE = 'PQ004',
              HINT = CASE in_channel_type
                         WHEN 'bytea' THEN 'Send a bytea value, e.g. convert_to(''some text'', ''UTF8'') or ''\x0102''::bytea.'
                         WHEN 'jsonb' THEN 'Send JSON text or a jsonb value, e.g. ''{"id": 1}''::jsonb or convert_from(bytes, ''UTF8'')::jsonb.'
                         ELSE 'Send text, e.g. convert_from(bytes, ''UTF8''), or use a bytea channel.' END;
END
$fn$;

--------------------------------------------------------------------------------------------------------------------
-- Receiving: text forms return the JSON text, _bin forms its UTF-8 bytes, the new _jsonb forms jsonb.
--------------------------------------------------------------------------------------------------------------------

-- As version 11's, with two more forms: 'utf8' (a jsonb channel's JSON text as UTF-8 bytes, whatever the server
-- encoding) and 'jsonb' (the jsonb value itself).
CREATE OR REPLACE FUNCTION pg_mq_get_payload(in_payload text) RETURNS text
    LANGUAGE sql IMMUTABLE AS $fn$
SELECT CASE in_payload
    WHEN 'text' THEN 'q.payload::pg_catalog.text'
    WHEN 'bytea' THEN 'q.payload'
    WHEN 'bin' THEN 'pg_catalog.convert_to(q.payload::pg_catalog.text, pg_catalog.current_setting(''server_encoding''))'
    WHEN 'utf8' THEN 'pg_catalog.convert_to(q.payload::pg_catalog.text, ''UTF8'')'
    WHEN 'jsonb' THEN 'q.payload::pg_catalog.jsonb'
END
$fn$;

-- Internal: the payload form a _bin getter or claim returns for a channel of in_type: bytea as it is, jsonb as UTF-8,
-- text and xml in the server encoding (as since version 1).
CREATE FUNCTION pg_mq_bin_form(in_type text) RETURNS text
    LANGUAGE sql IMMUTABLE AS $fn$
SELECT CASE in_type WHEN 'bytea' THEN 'bytea' WHEN 'jsonb' THEN 'utf8' ELSE 'bin' END
$fn$;

-- As version 11's, jsonb channels' _bin getters returning UTF-8.
CREATE OR REPLACE FUNCTION pg_mq_get_branch(in_table name, in_type text, in_as_text boolean, in_by_id boolean)
    RETURNS text LANGUAGE sql STABLE AS $fn$
SELECT CASE
    WHEN in_as_text AND in_type = 'bytea' THEN
        format('PERFORM %I.pg_mq_channel_for_get(in_channel, 1, true);', current_schema())
    ELSE
        'RETURN QUERY ' || pg_mq_get_statement(in_table,
                                               CASE WHEN in_as_text THEN 'text' ELSE pg_mq_bin_form(in_type) END,
                                               'in_num_messages', CASE WHEN in_by_id THEN 'in_msg_id' END) || ';'
END
$fn$;

-- As version 11's, jsonb channels returning UTF-8.
CREATE OR REPLACE FUNCTION pg_mq_get_dynamic_bin(in_channel name, in_num_messages integer, in_msg_id bigint)
    RETURNS TABLE (msg_id bigint, sent_by name, was_delivered boolean, payload bytea)
    LANGUAGE plpgsql AS $fn$
DECLARE
    v_row pg_mq_config_catalog := pg_mq_channel_for_get(in_channel, in_num_messages, false);
BEGIN
    RETURN QUERY EXECUTE pg_mq_get_statement(v_row.table_name, pg_mq_bin_form(v_row.payload_type),
                                             '$1', CASE WHEN in_msg_id IS NOT NULL THEN '$2' END)
        USING in_num_messages, in_msg_id;
END
$fn$;

-- As version 6's, jsonb channels returning UTF-8.
CREATE OR REPLACE FUNCTION pg_mq_claim_bin(in_channel name, in_max integer, in_lease interval DEFAULT NULL)
    RETURNS TABLE (msg_id bigint, attempt integer, lease_token uuid, lease_expires_at timestamptz, sent_at timestamptz,
                   sent_by name, last_error text, payload bytea)
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
                                                       ELSE current_setting('server_encoding') END)
          FROM pg_mq_claim_text(in_channel, in_max, in_lease) c;
    END IF;
END
$fn$;

-- As version 8's, jsonb channels returning UTF-8.
CREATE OR REPLACE FUNCTION pg_mq_claim_locked_bin(in_channel name, in_max integer)
    RETURNS TABLE (msg_id bigint, attempt integer, sent_at timestamptz, sent_by name, last_error text, payload bytea)
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
                                                       ELSE current_setting('server_encoding') END)
          FROM pg_mq_claim_locked_text(in_channel, in_max) c;
    END IF;
END
$fn$;

-- Internal: a jsonb channel's catalog row for a jsonb getter or claim, checking the count (PQ005) and the payload type
-- (PQ004, naming the forms that fit the channel).
CREATE FUNCTION pg_mq_channel_for_jsonb(in_channel text, in_count integer) RETURNS pg_mq_config_catalog
    LANGUAGE plpgsql STABLE AS $fn$
DECLARE
    v_row pg_mq_config_catalog := pg_mq_channel_for_get(in_channel, in_count, false);
BEGIN
    IF v_row.payload_type <> 'jsonb' THEN
        RAISE EXCEPTION 'channel "%" holds % payloads, which cannot be read as jsonb', in_channel, v_row.payload_type
            USING ERRCODE = 'PQ004',
                  HINT = CASE WHEN v_row.payload_type = 'bytea' THEN 'Use the _bin getters and claims for this channel.'
                              ELSE 'Use the _text getters and claims for this channel, and cast: payload::jsonb.' END;
    END IF;
    RETURN v_row;
END
$fn$;

-- At-most-once: up to n ready messages of a jsonb channel as jsonb, as pg_mq_get_msg_text returns them as text.
CREATE FUNCTION pg_mq_get_msg_jsonb(in_channel name, in_num_messages integer)
    RETURNS TABLE (msg_id bigint, sent_by name, was_delivered boolean, payload jsonb)
    LANGUAGE plpgsql AS $fn$
DECLARE
    v_row pg_mq_config_catalog := pg_mq_channel_for_jsonb(in_channel, in_num_messages);
BEGIN
    RETURN QUERY EXECUTE pg_mq_get_statement(v_row.table_name, 'jsonb', '$1', NULL) USING in_num_messages;
END
$fn$;

-- At-most-once: that message of a jsonb channel as jsonb, as pg_mq_get_msg_id_text returns it as text.
CREATE FUNCTION pg_mq_get_msg_id_jsonb(in_channel name, in_msg_id bigint)
    RETURNS TABLE (msg_id bigint, sent_by name, was_delivered boolean, payload jsonb)
    LANGUAGE plpgsql AS $fn$
DECLARE
    v_row pg_mq_config_catalog := pg_mq_channel_for_jsonb(in_channel, 1);
BEGIN
    RETURN QUERY EXECUTE pg_mq_get_statement(v_row.table_name, 'jsonb', '$1', '$2') USING 1, in_msg_id;
END
$fn$;

-- At-least-once: claims up to n messages of a jsonb channel for a lease, payload as jsonb (pg_mq_claim_text's twin).
CREATE FUNCTION pg_mq_claim_jsonb(in_channel name, in_max integer, in_lease interval DEFAULT NULL)
    RETURNS TABLE (msg_id bigint, attempt integer, lease_token uuid, lease_expires_at timestamptz, sent_at timestamptz,
                   sent_by name, last_error text, payload jsonb)
    LANGUAGE plpgsql AS $fn$
DECLARE
    v_row pg_mq_config_catalog := pg_mq_channel_for_jsonb(in_channel, in_max);
BEGIN
    PERFORM pg_mq_lease(in_channel, in_lease, v_row.default_lease);
    RETURN QUERY EXECUTE pg_mq_claim_sql(v_row.table_name, 'jsonb') USING in_channel::text, in_max, in_lease;
END
$fn$;

-- Locks up to n ready messages of a jsonb channel for the calling transaction, payload as jsonb
-- (pg_mq_claim_locked_text's twin).
CREATE FUNCTION pg_mq_claim_locked_jsonb(in_channel name, in_max integer)
    RETURNS TABLE (msg_id bigint, attempt integer, sent_at timestamptz, sent_by name, last_error text, payload jsonb)
    LANGUAGE plpgsql AS $fn$
DECLARE
    v_row pg_mq_config_catalog := pg_mq_channel_for_jsonb(in_channel, in_max);
BEGIN
    RETURN QUERY EXECUTE pg_mq_claim_locked_statement(v_row.table_name, 'jsonb', '$2::integer')
        USING in_channel::text, in_max;
END
$fn$;

--------------------------------------------------------------------------------------------------------------------
-- Rejecting: a message its consumer cannot read becomes a dead letter at once, whatever attempts it has left.
--------------------------------------------------------------------------------------------------------------------

-- Makes a message the caller holds a dead letter now, with in_error as its last error, and returns when. Held means:
-- claimed with lease token in_lease_token; or, for a NULL token, locked by this transaction's locked claim, or
-- received by this transaction at-most-once (it is then no longer delivered but dead, so that it is not lost); those
-- count the attempt that failed, as a lease claim does.
-- Raises PQ010, saying why, when the caller does not hold it. For payloads that cannot be decoded: a retry would fail
-- the same way, and would only delay the messages behind it.
CREATE FUNCTION pg_mq_reject(in_channel text, in_msg_id bigint, in_lease_token uuid, in_error text)
    RETURNS timestamptz LANGUAGE plpgsql AS $fn$
DECLARE
    v_row  pg_mq_config_catalog := pg_mq_channel(in_channel);
    v_held tid[];
    v_dead timestamptz;
BEGIN
    IF in_error IS NULL THEN
        RAISE EXCEPTION 'channel "%": reject of message % needs an error, was NULL', in_channel, in_msg_id
            USING ERRCODE = 'PQ005', HINT = 'Say why the message cannot be processed, e.g. the decoding error.';
    END IF;
    IF in_lease_token IS NOT NULL THEN
        EXECUTE format($sql$
            UPDATE %I.%I q SET dead_at = clock_timestamp(), lease_token = NULL, last_error = $3
             WHERE q.msg_id = $1 AND q.lease_token = $2 AND NOT q.was_delivered AND q.dead_at IS NULL
            RETURNING q.dead_at$sql$, current_schema(), v_row.table_name)
           INTO v_dead USING in_msg_id, in_lease_token, in_error;
        IF v_dead IS NULL THEN
            PERFORM pg_mq_lease_lost(in_channel, v_row.table_name, 'reject', in_msg_id);
        END IF;
        RETURN v_dead;
    END IF;
    EXECUTE format($sql$
        SELECT array_agg(q.ctid) FROM %1$I.%2$I q
         WHERE q.msg_id = $1 AND q.dead_at IS NULL AND q.lease_token IS NULL
           AND ((NOT q.was_delivered AND q.xmax = xid(pg_current_xact_id_if_assigned())
                 AND q.visible_at <= clock_timestamp())
                OR (q.was_delivered AND q.xmin = xid(pg_current_xact_id_if_assigned())))$sql$,
        current_schema(), v_row.table_name)
       INTO v_held USING in_msg_id;
    IF v_held IS NULL THEN
        v_held := pg_mq_held_below(v_row.table_name, ARRAY[in_msg_id]);
    END IF;
    EXECUTE format($sql$
        UPDATE %I.%I q SET dead_at = clock_timestamp(), was_delivered = false, lease_token = NULL, last_error = $2,
                           attempts = q.attempts + 1
         WHERE q.ctid = ANY ($1)
        RETURNING q.dead_at$sql$, current_schema(), v_row.table_name)
       INTO v_dead USING v_held, in_error;
    IF v_dead IS NULL THEN
        PERFORM pg_mq_lock_lost(in_channel, v_row.table_name, 'reject', in_msg_id);
    END IF;
    RETURN v_dead;
END
$fn$;

--------------------------------------------------------------------------------------------------------------------
-- The json contract.
--------------------------------------------------------------------------------------------------------------------

-- Internal: a constraint name within PostgreSQL's 63 bytes: as it is when it fits, else its first bytes (whole
-- characters), '_' and the first 8 hex digits of the md5 of the whole name. Deterministic, so a contract set twice
-- names its constraints the same.
CREATE FUNCTION pg_mq_contract_name(in_name text) RETURNS name
    LANGUAGE plpgsql IMMUTABLE AS $fn$
DECLARE
    v_short text := in_name;
BEGIN
    IF octet_length(in_name) <= 63 THEN
        RETURN in_name::name;
    END IF;
    WHILE octet_length(v_short) > 54 LOOP
        v_short := left(v_short, -1);
    END LOOP;
    RETURN (v_short || '_' || left(md5(in_name), 8))::name;
END
$fn$;

-- Internal: the CHECK constraints a json contract describes on channel in_channel, after checking the contract's
-- shape (PQ005 naming the key or field and the fix): their names, their expressions over the column payload, and the
-- comment each gets. One row today, pgmq_<message> calling pg_mq_json_conforms with the fields in key order.
CREATE FUNCTION pg_mq_json_contract_checks(in_channel text, in_contract jsonb)
    RETURNS TABLE (constraint_name name, expression text, description text, function_body text)
    LANGUAGE plpgsql IMMUTABLE AS $fn$
DECLARE
    v_key     text;
    v_message text;
    v_field   record;
    v_type    text;
    v_prefix  text;
    v_names     text[] := '{}';
    v_types     text[] := '{}';
    v_required  boolean[] := '{}';
    v_described text[] := '{}';
    v_names_of  text[] := '{}';
    v_tests     text[] := ARRAY['(pg_catalog.jsonb_typeof(in_payload) OPERATOR(pg_catalog.=) ''object'') IS TRUE'];
BEGIN
    v_prefix := format('channel "%s": json contract', in_channel);
    IF in_contract IS NULL OR jsonb_typeof(in_contract) <> 'object' THEN
        RAISE EXCEPTION '%: expected a JSON object, got %', v_prefix, coalesce(jsonb_typeof(in_contract), 'NULL')
            USING ERRCODE = 'PQ005',
                  HINT = 'Pass {"message": "OrderPlaced", "fields": {"order_id": {"type": "number", "required": true}}}, or NULL to remove the contract.';
    END IF;
    FOR v_key IN SELECT k FROM jsonb_object_keys(in_contract) k ORDER BY k COLLATE "C" LOOP
        IF v_key NOT IN ('message', 'fields', 'description') THEN
            RAISE EXCEPTION '%: unknown key "%"', v_prefix, v_key
                USING ERRCODE = 'PQ005', HINT = 'A contract has the keys "message", "fields" and, optionally, "description".';
        END IF;
    END LOOP;
    v_message := in_contract ->> 'message';
    IF jsonb_typeof(in_contract -> 'message') IS DISTINCT FROM 'string' OR v_message !~ '^[A-Za-z][A-Za-z0-9_]*$' THEN
        RAISE EXCEPTION '%: "message" must be the message type''s name (a letter, then letters, digits or ''_''), got %',
                v_prefix, coalesce((in_contract -> 'message')::text, 'nothing')
            USING ERRCODE = 'PQ005', HINT = 'Name the message as the manifest does, e.g. "message": "OrderPlaced".';
    END IF;
    IF jsonb_typeof(in_contract -> 'fields') IS DISTINCT FROM 'object' THEN
        RAISE EXCEPTION '%: "fields" of message % must be a JSON object of field name to {"type": ..., "required": ...}, got %',
                v_prefix, v_message, coalesce((in_contract -> 'fields')::text, 'nothing')
            USING ERRCODE = 'PQ005', HINT = 'Pass e.g. "fields": {"order_id": {"type": "number", "required": true}} ({} for none).';
    END IF;

    FOR v_field IN SELECT f.key, f.value FROM jsonb_each(in_contract -> 'fields') f ORDER BY f.key COLLATE "C" LOOP
        IF v_field.key = '' THEN
            RAISE EXCEPTION '%: message % has a field with an empty name', v_prefix, v_message
                USING ERRCODE = 'PQ005', HINT = 'Name every field as its JSON property is named.';
        END IF;
        IF jsonb_typeof(v_field.value) <> 'object' THEN
            RAISE EXCEPTION '%: field "%" of message % must be {"type": ..., "required": ...}, got %', v_prefix,
                    v_field.key, v_message, v_field.value
                USING ERRCODE = 'PQ005', HINT = 'Pass e.g. {"type": "string", "required": false}.';
        END IF;
        FOR v_key IN SELECT k FROM jsonb_object_keys(v_field.value) k ORDER BY k COLLATE "C" LOOP
            IF v_key NOT IN ('type', 'required', 'description') THEN
                RAISE EXCEPTION '%: field "%" of message % has an unknown key "%"', v_prefix, v_field.key, v_message,
                        v_key
                    USING ERRCODE = 'PQ005', HINT = 'A field has the keys "type", "required" and, optionally, "description".';
            END IF;
        END LOOP;
        v_type := v_field.value ->> 'type';
        IF jsonb_typeof(v_field.value -> 'type') IS DISTINCT FROM 'string'
           OR v_type NOT IN ('number', 'string', 'boolean', 'object', 'array') THEN
            RAISE EXCEPTION '%: field "%" of message % has type %: expected "number", "string", "boolean", "object" or "array"',
                    v_prefix, v_field.key, v_message, coalesce((v_field.value -> 'type')::text, 'nothing')
                USING ERRCODE = 'PQ005', HINT = 'Give the field''s JSON type (an int or a decimal is a "number"; a list an "array"; a map or another message an "object").';
        END IF;
        IF jsonb_typeof(v_field.value -> 'required') IS DISTINCT FROM 'boolean' THEN
            RAISE EXCEPTION '%: field "%" of message % needs "required": true or false, got %', v_prefix, v_field.key,
                    v_message, coalesce((v_field.value -> 'required')::text, 'nothing')
                USING ERRCODE = 'PQ005', HINT = 'Say whether every message has the field: "required": true, or false for an optional field.';
        END IF;
        v_names := v_names || v_field.key;
        v_tests := v_tests || CASE WHEN (v_field.value -> 'required')::boolean
            THEN format('(pg_catalog.jsonb_typeof(in_payload OPERATOR(pg_catalog.->) %L) OPERATOR(pg_catalog.=) %L)'
                        ' IS TRUE', v_field.key, v_type)
            ELSE format('(pg_catalog.jsonb_typeof(in_payload OPERATOR(pg_catalog.->) %L) OPERATOR(pg_catalog.=)'
                        ' ANY (%L::pg_catalog.text[])) IS NOT FALSE', v_field.key, ARRAY[v_type, 'null']) END;
        v_names_of := v_names_of || pg_mq_contract_name('pgmq_' || v_message || '_' || v_field.key)::text;
        v_types := v_types || v_type;
        v_required := v_required || (v_field.value -> 'required')::boolean;
        v_described := v_described || format('%s %s (%s)', v_field.key, v_type,
                                              CASE WHEN (v_field.value -> 'required')::boolean THEN 'required'
                                                   ELSE 'optional' END);
    END LOOP;
    constraint_name := pg_mq_contract_name('pgmq_' || v_message);
    expression := format('%I.%I(payload)', current_schema(), 'pgmq_json_' || in_channel);
    function_body := format($body$
-- Generated by pg_mq_set_json_contract for channel %1$s (message %2$s): do not edit. No SET clause, every name
-- qualified; the fast path is one expression, and pg_mq_json_conforms names what is wrong.
BEGIN
    IF %3$s THEN
        RETURN true;
    END IF;
    RETURN %4$I.pg_mq_json_conforms(in_payload, %5$L, %6$L, %7$L::pg_catalog.text[], %8$L::pg_catalog.text[],
                                    %9$L::pg_catalog.bool[], %10$L::pg_catalog.text[]);
END
$body$, in_channel, v_message, array_to_string(v_tests, chr(10) || '       AND '), current_schema(), in_channel,
        v_message, v_names, v_types, v_required, constraint_name::text || v_names_of);
    description := format('pgmq json contract of channel "%s": message %s, a JSON object%s', in_channel, v_message,
                          CASE WHEN cardinality(v_described) = 0 THEN ''
                               ELSE ': ' || array_to_string(v_described, ', ') END);
    RETURN NEXT;
END
$fn$;

-- Internal, the json contract's CHECK: true when in_payload is a JSON object whose fields in_fields have the JSON
-- types in_types (required ones present and not null; optional ones absent, null or of that type); else 23514 whose
-- message names the channel, the message and the field, and whose constraint name is in_constraints' (the object
-- check's first, pgmq_<message>, then the fields', pgmq_<message>_<field>). Called by the generated
-- pgmq_json_<channel> only when its fast expression fails. No SET clause (as V9 found for pg_mq_send_message, one
-- costs a call): every name is qualified, so an inserting session's search_path cannot make its own check pass.
CREATE FUNCTION pg_mq_json_conforms(in_payload jsonb, in_channel text, in_message text, in_fields text[],
                                    in_types text[], in_required boolean[], in_constraints text[]) RETURNS boolean
    LANGUAGE plpgsql IMMUTABLE AS $fn$
DECLARE
    v_type pg_catalog.text := pg_catalog.jsonb_typeof(in_payload);
BEGIN
    IF (v_type OPERATOR(pg_catalog.=) 'object') IS NOT TRUE THEN
        RAISE EXCEPTION 'channel "%": a message % must be a JSON object, got %', in_channel, in_message, v_type
            USING ERRCODE = '23514', CONSTRAINT = in_constraints[1],
                  HINT = 'Send the message as a JSON object of its fields.';
    END IF;
    FOR i IN 1 .. pg_catalog.cardinality(in_fields) LOOP
        v_type := pg_catalog.jsonb_typeof(in_payload OPERATOR(pg_catalog.->) in_fields[i]);
        IF (v_type OPERATOR(pg_catalog.=) in_types[i]) IS NOT TRUE
           AND (in_required[i] OR (v_type OPERATOR(pg_catalog.<>) 'null') IS TRUE) THEN
            RAISE EXCEPTION 'channel "%": message %: field "%" is %, a JSON %, but it is %', in_channel, in_message,
                    in_fields[i], CASE WHEN in_required[i] THEN 'required' ELSE 'optional' END, in_types[i],
                    CASE WHEN v_type IS NULL THEN 'missing' WHEN v_type OPERATOR(pg_catalog.=) 'null' THEN 'null'
                         ELSE 'a JSON ' OPERATOR(pg_catalog.||) v_type END
                USING ERRCODE = '23514', CONSTRAINT = in_constraints[i OPERATOR(pg_catalog.+) 1],
                      HINT = 'Send a message of the contract''s shape (the manifest''s message), or change the contract.';
        END IF;
    END LOOP;
    RETURN true;
END
$fn$;

-- Replaces the json contract of a jsonb channel: drops the constraints a contract set before (found by their
-- comments), adds those of in_contract in one ALTER TABLE (one scan of the messages it holds), or none for NULL.
-- Owner and migrations only: it alters the channel's table, holding an ACCESS EXCLUSIVE lock on it (sends and claims
-- wait) until the calling transaction ends.
CREATE FUNCTION pg_mq_set_json_contract(in_channel text, in_contract jsonb) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER AS $fn$
DECLARE
    v_row     pg_mq_config_catalog := pg_mq_channel(in_channel);
    v_table   text;
    v_actions text[] := '{}';
    v_check   record;
    v_function name := ('pgmq_json_' || in_channel)::name;
BEGIN
    IF v_row.payload_type <> 'jsonb' THEN
        RAISE EXCEPTION 'channel "%" holds % payloads: a json contract needs a jsonb channel', in_channel,
                v_row.payload_type
            USING ERRCODE = 'PQ004',
                  HINT = format('Declare the channel with type json (pg_mq_create_queue(%L, ''jsonb'')), or remove its message.',
                                in_channel);
    END IF;
    v_table := format('%I.%I', current_schema(), v_row.table_name);
    IF to_regclass(v_table) IS NULL THEN
        RAISE EXCEPTION 'channel "%": its table "%" is missing', in_channel, v_row.table_name
            USING ERRCODE = 'PQ001', HINT = 'Restore the table, or remove the channel with pg_mq_drop_queue.';
    END IF;
    -- first: a concurrent call waits here, then finds the constraints this one set (ALTER TABLE would take the
    -- lock anyway, after the list of constraints to drop was read)
    EXECUTE format('LOCK TABLE %s IN ACCESS EXCLUSIVE MODE', v_table);
    SELECT coalesce(array_agg(format('DROP CONSTRAINT %I', c.conname) ORDER BY c.conname COLLATE "C"), '{}')
      INTO v_actions
      FROM pg_constraint c
     WHERE c.conrelid = v_table::regclass AND c.contype = 'c'
       AND obj_description(c.oid, 'pg_constraint') LIKE 'pgmq json contract%';
    IF in_contract IS NOT NULL THEN
        FOR v_check IN SELECT * FROM pg_mq_json_contract_checks(in_channel, in_contract) LOOP
            -- replaced in place while the old constraint still calls it; PUBLIC keeps EXECUTE, for every sender
            EXECUTE format('CREATE OR REPLACE FUNCTION %I.%I(in_payload pg_catalog.jsonb) RETURNS pg_catalog.bool'
                           ' LANGUAGE plpgsql IMMUTABLE AS %L', current_schema(), v_function, v_check.function_body);
            EXECUTE format('COMMENT ON FUNCTION %I.%I(pg_catalog.jsonb) IS %L', current_schema(), v_function,
                           v_check.description);
            v_actions := v_actions || format('ADD CONSTRAINT %I CHECK (%s)', v_check.constraint_name,
                                             v_check.expression);
        END LOOP;
    END IF;
    IF cardinality(v_actions) > 0 THEN
        EXECUTE format('ALTER TABLE %s %s', v_table, array_to_string(v_actions, ', '));
    END IF;
    IF in_contract IS NULL THEN
        EXECUTE format('DROP FUNCTION IF EXISTS %I.%I(pg_catalog.jsonb)', current_schema(), v_function);
    ELSE
        FOR v_check IN SELECT * FROM pg_mq_json_contract_checks(in_channel, in_contract) LOOP
            EXECUTE format('COMMENT ON CONSTRAINT %I ON %s IS %L', v_check.constraint_name, v_table,
                           v_check.description);
        END LOOP;
    END IF;
END
$fn$;

REVOKE EXECUTE ON FUNCTION pg_mq_set_json_contract(text, jsonb) FROM PUBLIC;

-- As version 10's, and it drops the channel's json contract function with the table.
CREATE OR REPLACE FUNCTION pg_mq_drop_queue(in_channel text, in_force boolean) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER AS $fn$
DECLARE
    v_row    pg_mq_config_catalog := pg_mq_channel(in_channel);
    v_counts record;
BEGIN
    IF to_regclass(format('%I.%I', current_schema(), v_row.table_name)) IS NOT NULL THEN
        EXECUTE format('LOCK TABLE %I.%I IN ACCESS EXCLUSIVE MODE', current_schema(), v_row.table_name);
        IF NOT coalesce(in_force, false) THEN
            EXECUTE format($sql$
                SELECT count(*) AS open,
                       count(*) FILTER (WHERE q.dead_at IS NULL AND q.visible_at <= clock_timestamp()) AS ready,
                       count(*) FILTER (WHERE q.dead_at IS NULL AND q.visible_at > clock_timestamp()
                                          AND q.lease_token IS NOT NULL) AS leased,
                       count(*) FILTER (WHERE q.dead_at IS NULL AND q.visible_at > clock_timestamp()
                                          AND q.lease_token IS NULL) AS delayed,
                       count(*) FILTER (WHERE q.dead_at IS NOT NULL) AS dead
                  FROM %I.%I q WHERE NOT q.was_delivered$sql$, current_schema(), v_row.table_name)
               INTO v_counts;
            IF v_counts.open > 0 THEN
                RAISE EXCEPTION 'channel "%" still holds % messages that are not done (% ready, % leased, % delayed, % dead): dropping it would lose them',
                        in_channel, v_counts.open, v_counts.ready, v_counts.leased, v_counts.delayed, v_counts.dead
                    USING ERRCODE = 'PQ007',
                          HINT = format('Stop its producers, let its consumers drain it (SELECT * FROM pg_mq_channel_stats WHERE channel = %L), redrive or purge its dead letters, then drop it; or drop it anyway with pg_mq_drop_queue(%L, in_force => true).',
                                        in_channel, in_channel);
            END IF;
        END IF;
        EXECUTE format('DROP TABLE %I.%I', current_schema(), v_row.table_name);
    END IF;
    -- the json contract's function (V12), which the table's constraint called
    EXECUTE format('DROP FUNCTION IF EXISTS %I.%I(pg_catalog.jsonb)', current_schema(), 'pgmq_json_' || in_channel);
    DELETE FROM pg_mq_config_catalog WHERE channel = in_channel;
END
$fn$;

-- As version 11's, except that pg_mq_json_conforms joins the functions whose bodies qualify every name (the generated
-- pgmq_json_<channel> functions are named outside pg_mq_ and have no SET clause either).
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
                                 'pg_mq_get_msg_id_bin', 'pg_mq_json_conforms')
    LOOP
        EXECUTE format('ALTER FUNCTION %s SET search_path = %I, pg_temp', v_fn, current_schema());
    END LOOP;
END
$fn$;

-- The generated send and getters route jsonb channels through the branches above.
SELECT pg_mq_rebuild_send();
SELECT pg_mq_rebuild_get();
SELECT pg_mq_pin_search_path();

-- What each new function does and needs, and the comments that named text and xml alone.
COMMENT ON FUNCTION pg_mq_bin_form(text) IS
    'Internal: the payload form a _bin getter or claim returns for a payload type (bytea as is, jsonb as UTF-8, text and xml in the server encoding). Needs: nothing.';
COMMENT ON FUNCTION pg_mq_channel_for_jsonb(text, integer) IS
    'Internal: a jsonb channel''s catalog row for a jsonb getter or claim, checking the count (PQ005) and the payload type (PQ004). Needs: nothing.';
COMMENT ON FUNCTION pg_mq_get_msg_jsonb(name, integer) IS
    'At-most-once: up to n ready messages of a jsonb channel, oldest first, payload as jsonb, marked delivered. Needs: SELECT and UPDATE on the channel''s table, as pg_mq_grant_receive grants.';
COMMENT ON FUNCTION pg_mq_get_msg_id_jsonb(name, bigint) IS
    'At-most-once: that message of a jsonb channel as jsonb if ready (marked delivered) or already delivered; none if leased, delayed, dead or held. Needs: SELECT and UPDATE on the channel''s table, as pg_mq_grant_receive grants.';
COMMENT ON FUNCTION pg_mq_claim_jsonb(name, integer, interval) IS
    'At-least-once: claims up to n messages of a jsonb channel for a lease (NULL: the channel''s default), payload as jsonb. Needs: SELECT and UPDATE on the channel''s table, as pg_mq_grant_receive grants.';
COMMENT ON FUNCTION pg_mq_claim_locked_jsonb(name, integer) IS
    'Locks up to n ready messages of a jsonb channel for the calling transaction and returns them as jsonb; writes nothing. Needs: SELECT and UPDATE on the channel''s table, as pg_mq_grant_receive grants.';
COMMENT ON FUNCTION pg_mq_reject(text, bigint, uuid, text) IS
    'Makes a message the caller holds (by lease token; NULL: locked or received by this transaction) a dead letter at once, e.g. a payload it cannot decode; PQ010 if it does not hold it. Needs: SELECT and UPDATE on the channel''s table, as pg_mq_grant_receive grants.';
COMMENT ON FUNCTION pg_mq_contract_name(text) IS
    'Internal: a json contract constraint''s name within 63 bytes (long ones end in _ and 8 hex digits of their md5). Needs: nothing.';
COMMENT ON FUNCTION pg_mq_json_conforms(jsonb, text, text, text[], text[], boolean[], text[]) IS
    'Internal, the json contract''s CHECK: true for a payload of the contract''s shape, else 23514 naming channel, message and field (constraint pgmq_<message>_<field>). Needs: nothing.';
COMMENT ON FUNCTION pg_mq_json_contract_checks(text, jsonb) IS
    'The CHECK constraints a json contract describes (name, expression, comment), or PQ005 naming what to fix in the contract; sets nothing. Needs: nothing.';
COMMENT ON FUNCTION pg_mq_set_json_contract(text, jsonb) IS
    'Replaces a jsonb channel''s json contract constraints with those of the contract (NULL: removes them). Needs: EXECUTE, which is revoked from PUBLIC and granted to nobody (the owner''s migrations; alters the channel''s table).';
COMMENT ON FUNCTION pg_mq_create_queue(text, text) IS
    'Creates a channel (text, xml, bytea or jsonb): its table pg_mq_queue_<channel>, catalog row and notify trigger (2012 interface). Needs: EXECUTE, which is revoked from PUBLIC (administration; runs as the owner).';
COMMENT ON FUNCTION pg_mq_claim_text(name, integer, interval) IS
    'At-least-once: claims up to n messages of a text, xml or jsonb channel for a lease (NULL: the channel''s default). Needs: SELECT and UPDATE on the channel''s table, as pg_mq_grant_receive grants.';
COMMENT ON FUNCTION pg_mq_claim_locked_text(name, integer) IS
    'Locks up to n ready messages of a text, xml or jsonb channel for the calling transaction and returns them; writes nothing. Needs: SELECT and UPDATE on the channel''s table, as pg_mq_grant_receive grants.';
COMMENT ON FUNCTION pg_mq_get_msg_text(name, integer) IS
    'At-most-once (2012 interface): up to n ready messages of a text, xml or jsonb channel, oldest first, marked delivered. Needs: SELECT and UPDATE on the channel''s table, as pg_mq_grant_receive grants.';
COMMENT ON FUNCTION pg_mq_get_msg_id_text(name, bigint) IS
    'At-most-once (2012 interface): that message of a text, xml or jsonb channel if ready (marked delivered) or already delivered; none if leased, delayed, dead or held. Needs: SELECT and UPDATE on the channel''s table, as pg_mq_grant_receive grants.';
COMMENT ON FUNCTION pg_mq_send_message(text, text, timestamptz) IS
    'Sends text to a text, xml or jsonb channel (JSON text, cast to jsonb), now or at a given time (2012 interface). Needs: INSERT and SELECT (msg_id) on the channel''s table, as pg_mq_grant_send grants.';
COMMENT ON FUNCTION pg_mq_get_payload(text) IS
    'Internal: the payload column of a getter''s result as SQL (text, bytea, text as bytes, jsonb as UTF-8, or jsonb). Needs: nothing (returns text).';
