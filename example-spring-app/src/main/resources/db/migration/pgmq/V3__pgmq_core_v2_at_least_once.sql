-- pgmq core script V2__at_least_once.sql, vendored from pgmq-schema by pgmq make-migrations.
-- Written by pgmq make-migrations. Do not edit: channels.lock.json records its checksum.

-- pgmq core, version 2: at-least-once delivery (claim with a lease, ack, nack with backoff, dead letters,
-- redrive), delayed delivery, and per-channel delivery settings.
--
-- Every semantic lives here, once: the Java runtime calls these functions (or, for sending, issues the same
-- single INSERT), so psql and non-Java clients get the same behaviour.
--
-- A message's life, in the columns version 1 already gave every queue table:
--   ready      NOT was_delivered AND dead_at IS NULL AND visible_at <= now
--   leased     claimed: visible_at = end of the lease, lease_token set, attempts raised
--   delayed    visible_at in the future, lease_token NULL (a delayed send, or a nack's backoff)
--   done       was_delivered (acked, or received at-most-once)
--   dead       dead_at set, with last_error: max_attempts used up
-- New SQLSTATEs: PQ010 lease lost (the message is not, or no longer, held by that lease).

ALTER TABLE pg_mq_config_catalog
    ADD COLUMN max_attempts  integer  NOT NULL DEFAULT 5 CHECK (max_attempts BETWEEN 1 AND 1000),
    ADD COLUMN backoff_base  interval NOT NULL DEFAULT '1 second' CHECK (backoff_base > interval '0'),
    ADD COLUMN backoff_max   interval NOT NULL DEFAULT '5 minutes',
    ADD COLUMN default_lease interval NOT NULL DEFAULT '30 seconds' CHECK (default_lease > interval '0'),
    ADD CONSTRAINT pg_mq_config_catalog_backoff_check CHECK (backoff_max >= backoff_base);

-- Changes a channel's delivery settings; a NULL argument leaves that setting as it is.
CREATE FUNCTION pg_mq_alter_channel(in_channel text,
                                    in_max_attempts integer DEFAULT NULL,
                                    in_backoff_base interval DEFAULT NULL,
                                    in_backoff_max interval DEFAULT NULL,
                                    in_lease interval DEFAULT NULL)
    RETURNS pg_mq_config_catalog
    LANGUAGE plpgsql SECURITY DEFINER AS $fn$
DECLARE
    v_row pg_mq_config_catalog := pg_mq_channel(in_channel);
BEGIN
    IF in_max_attempts IS NOT NULL AND in_max_attempts NOT BETWEEN 1 AND 1000 THEN
        RAISE EXCEPTION 'channel "%": max_attempts must be 1..1000, was %', in_channel, in_max_attempts
            USING ERRCODE = 'PQ005';
    END IF;
    IF in_backoff_base IS NOT NULL AND in_backoff_base <= interval '0' THEN
        RAISE EXCEPTION 'channel "%": backoff base must be positive, was %', in_channel, in_backoff_base
            USING ERRCODE = 'PQ005';
    END IF;
    IF in_lease IS NOT NULL AND in_lease <= interval '0' THEN
        RAISE EXCEPTION 'channel "%": lease must be positive, was %', in_channel, in_lease
            USING ERRCODE = 'PQ005';
    END IF;
    IF coalesce(in_backoff_max, v_row.backoff_max) < coalesce(in_backoff_base, v_row.backoff_base) THEN
        RAISE EXCEPTION 'channel "%": backoff max (%) must not be below backoff base (%)', in_channel,
                coalesce(in_backoff_max, v_row.backoff_max), coalesce(in_backoff_base, v_row.backoff_base)
            USING ERRCODE = 'PQ005', HINT = 'Raise the max or lower the base.';
    END IF;
    UPDATE pg_mq_config_catalog c
       SET max_attempts  = coalesce(in_max_attempts, c.max_attempts),
           backoff_base  = coalesce(in_backoff_base, c.backoff_base),
           backoff_max   = coalesce(in_backoff_max, c.backoff_max),
           default_lease = coalesce(in_lease, c.default_lease)
     WHERE c.channel = in_channel
    RETURNING * INTO v_row;
    RETURN v_row;
END
$fn$;

-- Delayed delivery: sending gains in_deliver_at (NULL: now). Not receivable or claimable before it.
DROP FUNCTION pg_mq_send_message(text, text);
DROP FUNCTION pg_mq_send_message(text, anyelement);

CREATE FUNCTION pg_mq_send_message(in_channel text, in_payload text, in_deliver_at timestamptz DEFAULT NULL,
                                   OUT msg_id bigint, OUT sent_at timestamptz, OUT sent_by name,
                                   OUT was_delivered boolean, OUT payload text)
    LANGUAGE plpgsql AS $fn$
DECLARE
    v_table name;
    v_type  text;
BEGIN
    SELECT c.table_name, c.payload_type INTO v_table, v_type
      FROM pg_mq_config_catalog c WHERE c.channel = in_channel;
    IF NOT FOUND THEN
        PERFORM pg_mq_channel(in_channel);  -- raises the error that fits
    END IF;
    IF in_payload IS NULL THEN
        RAISE EXCEPTION 'channel "%": payload is NULL', in_channel
            USING ERRCODE = '22004', HINT = 'Send a value; a message needs a payload.';
    END IF;
    IF v_type = 'text' THEN
        EXECUTE format('INSERT INTO %I.%I (payload, visible_at) VALUES ($1, coalesce($2, now())) RETURNING msg_id',
                       current_schema(), v_table)
           INTO msg_id USING in_payload, in_deliver_at;
    ELSIF v_type = 'xml' THEN
        IF NOT xml_is_well_formed(in_payload) THEN
            RAISE EXCEPTION 'channel "%" holds xml payloads: the payload is not well-formed XML', in_channel
                USING ERRCODE = '2200N', HINT = 'Fix the document, or send it to a text channel.';
        END IF;
        EXECUTE format('INSERT INTO %I.%I (payload, visible_at) VALUES ($1::xml, coalesce($2, now())) RETURNING msg_id',
                       current_schema(), v_table)
           INTO msg_id USING in_payload, in_deliver_at;
    ELSE
        RAISE EXCEPTION 'channel "%" holds bytea payloads, got text', in_channel
            USING ERRCODE = 'PQ004', HINT = 'Send a bytea value, e.g. convert_to(''some text'', ''UTF8'') or ''\x0102''::bytea.';
    END IF;
    sent_at := now();
    sent_by := session_user;
    was_delivered := false;
    payload := in_payload;
END
$fn$;

CREATE FUNCTION pg_mq_send_message(in_channel text, in_payload anyelement, in_deliver_at timestamptz DEFAULT NULL,
                                   OUT msg_id bigint, OUT sent_at timestamptz, OUT sent_by name,
                                   OUT was_delivered boolean, OUT payload anyelement)
    LANGUAGE plpgsql AS $fn$
DECLARE
    v_table name;
    v_type  text;
BEGIN
    IF pg_typeof(in_payload) <> 'bytea'::regtype THEN
        SELECT s.msg_id, s.sent_at, s.sent_by, s.was_delivered INTO msg_id, sent_at, sent_by, was_delivered
          FROM pg_mq_send_message(in_channel, in_payload::text, in_deliver_at) s;
        payload := in_payload;
        RETURN;
    END IF;
    SELECT c.table_name, c.payload_type INTO v_table, v_type
      FROM pg_mq_config_catalog c WHERE c.channel = in_channel;
    IF NOT FOUND THEN
        PERFORM pg_mq_channel(in_channel);
    END IF;
    IF v_type <> 'bytea' THEN
        RAISE EXCEPTION 'channel "%" holds % payloads, got bytea', in_channel, v_type
            USING ERRCODE = 'PQ004', HINT = 'Send text, e.g. convert_from(bytes, ''UTF8''), or use a bytea channel.';
    END IF;
    IF in_payload IS NULL THEN
        RAISE EXCEPTION 'channel "%": payload is NULL', in_channel
            USING ERRCODE = '22004', HINT = 'Send a value; a message needs a payload.';
    END IF;
    EXECUTE format('INSERT INTO %I.%I (payload, visible_at) VALUES ($1, coalesce($2, now())) RETURNING msg_id',
                   current_schema(), v_table)
       INTO msg_id USING in_payload, in_deliver_at;
    sent_at := now();
    sent_by := session_user;
    was_delivered := false;
    payload := in_payload;
END
$fn$;

-- Internal: the statement behind pg_mq_claim_text/_bin. Takes up to $1 ready messages, oldest first, that no
-- other transaction holds (FOR UPDATE SKIP LOCKED), and leases each for $2: hidden until then, attempts + 1,
-- a new lease_token. A message whose attempts are used up ($3 = max_attempts; its last lease expired without
-- ack or nack) goes to the dead letters instead and is not returned, so a claim may return fewer than asked.
CREATE FUNCTION pg_mq_claim_sql(in_table name, in_payload_cast text) RETURNS text
    LANGUAGE sql IMMUTABLE AS $fn$
SELECT format($sql$
    WITH picked AS (
        SELECT q.msg_id, q.attempts >= $3 AS used_up FROM %1$I.%2$I q
         WHERE NOT q.was_delivered AND q.dead_at IS NULL AND q.visible_at <= clock_timestamp()
         ORDER BY q.msg_id
         LIMIT $1
           FOR UPDATE SKIP LOCKED
    ), claimed AS (
        UPDATE %1$I.%2$I q
           SET attempts    = q.attempts + CASE WHEN picked.used_up THEN 0 ELSE 1 END,
               lease_token = CASE WHEN picked.used_up THEN NULL ELSE gen_random_uuid() END,
               visible_at  = CASE WHEN picked.used_up THEN q.visible_at ELSE clock_timestamp() + $2 END,
               dead_at     = CASE WHEN picked.used_up THEN clock_timestamp() END,
               last_error  = CASE WHEN picked.used_up
                                  THEN 'lease expired on attempt ' || q.attempts || ' of ' || $3
                                       || ': the consumer neither acked nor nacked in time'
                                  ELSE q.last_error END
          FROM picked WHERE q.msg_id = picked.msg_id
        RETURNING q.msg_id, q.attempts, q.lease_token, q.visible_at, q.sent_at, q.sent_by, q.last_error,
                  q.payload::%3$I AS payload, q.dead_at
    )
    SELECT msg_id, attempts, lease_token, visible_at, sent_at, sent_by, last_error, payload
      FROM claimed WHERE dead_at IS NULL ORDER BY msg_id$sql$,
    current_schema(), in_table, in_payload_cast)
$fn$;

-- Internal: the lease a claim uses: in_lease, or the channel's default when NULL; must be positive.
CREATE FUNCTION pg_mq_lease(in_channel text, in_lease interval, in_default interval) RETURNS interval
    LANGUAGE plpgsql IMMUTABLE AS $fn$
BEGIN
    IF coalesce(in_lease, in_default) <= interval '0' THEN
        RAISE EXCEPTION 'channel "%": lease must be positive, was %', in_channel, in_lease
            USING ERRCODE = 'PQ005', HINT = 'Pass a lease such as interval ''30 seconds'', or NULL for the channel default.';
    END IF;
    RETURN coalesce(in_lease, in_default);
END
$fn$;

-- At-least-once: claims up to in_max messages of a text or xml channel for in_lease (NULL: the channel's
-- default lease). Each must be acked (pg_mq_ack) or nacked (pg_mq_nack) with its lease_token before
-- lease_expires_at, or it becomes claimable again, with attempt raised.
CREATE FUNCTION pg_mq_claim_text(in_channel name, in_max integer, in_lease interval DEFAULT NULL)
    RETURNS TABLE (msg_id bigint, attempt integer, lease_token uuid, lease_expires_at timestamptz,
                   sent_at timestamptz, sent_by name, last_error text, payload text)
    LANGUAGE plpgsql AS $fn$
DECLARE
    v_row   pg_mq_config_catalog := pg_mq_channel_for_get(in_channel, in_max, true);
    v_lease interval := pg_mq_lease(in_channel, in_lease, v_row.default_lease);
BEGIN
    RETURN QUERY EXECUTE pg_mq_claim_sql(v_row.table_name, 'text') USING in_max, v_lease, v_row.max_attempts;
END
$fn$;

-- At-least-once: pg_mq_claim_text for any channel, payload as bytea (text and xml in the server encoding).
CREATE FUNCTION pg_mq_claim_bin(in_channel name, in_max integer, in_lease interval DEFAULT NULL)
    RETURNS TABLE (msg_id bigint, attempt integer, lease_token uuid, lease_expires_at timestamptz,
                   sent_at timestamptz, sent_by name, last_error text, payload bytea)
    LANGUAGE plpgsql AS $fn$
DECLARE
    v_row   pg_mq_config_catalog := pg_mq_channel_for_get(in_channel, in_max, false);
    v_lease interval := pg_mq_lease(in_channel, in_lease, v_row.default_lease);
BEGIN
    IF v_row.payload_type = 'bytea' THEN
        RETURN QUERY EXECUTE pg_mq_claim_sql(v_row.table_name, 'bytea') USING in_max, v_lease, v_row.max_attempts;
    ELSE
        RETURN QUERY SELECT c.msg_id, c.attempt, c.lease_token, c.lease_expires_at, c.sent_at, c.sent_by,
                            c.last_error, convert_to(c.payload, current_setting('server_encoding'))
          FROM pg_mq_claim_text(in_channel, in_max, in_lease) c;
    END IF;
END
$fn$;

-- Internal: why a message is not held by a lease any more, for PQ010's message.
CREATE FUNCTION pg_mq_lease_lost(in_channel text, in_table name, in_operation text, in_msg_id bigint)
    RETURNS void
    LANGUAGE plpgsql AS $fn$
DECLARE
    v_state record;
BEGIN
    EXECUTE format('SELECT was_delivered, dead_at, attempts, visible_at, lease_token FROM %I.%I WHERE msg_id = $1',
                   current_schema(), in_table)
       INTO v_state USING in_msg_id;
    IF v_state IS NULL THEN
        RAISE EXCEPTION 'channel "%": % of message % failed: no such message', in_channel, in_operation, in_msg_id
            USING ERRCODE = 'PQ010', HINT = 'It was purged, or the id is wrong.';
    ELSIF v_state.was_delivered THEN
        RAISE EXCEPTION 'channel "%": % of message % failed: it was already acked', in_channel, in_operation, in_msg_id
            USING ERRCODE = 'PQ010', HINT = 'Ack each delivery once.';
    ELSIF v_state.dead_at IS NOT NULL THEN
        RAISE EXCEPTION 'channel "%": % of message % failed: it is a dead letter since %', in_channel, in_operation,
                in_msg_id, v_state.dead_at
            USING ERRCODE = 'PQ010', HINT = 'Redrive it with pg_mq_redrive to process it again.';
    ELSE
        RAISE EXCEPTION 'channel "%": % of message % failed: the lease was lost (now attempt %, %)', in_channel,
                in_operation, in_msg_id, v_state.attempts,
                CASE WHEN v_state.lease_token IS NULL THEN 'released' ELSE 'claimed again by another consumer' END
            USING ERRCODE = 'PQ010', HINT = 'Raise the lease, extend it with pg_mq_extend_lease, or ack sooner.';
    END IF;
END
$fn$;

-- Acks claimed messages: each msg_id with the lease_token its claim returned (arrays of equal length).
-- Marks them delivered. Returns the ids acked; a message whose lease was lost is left alone and not returned.
CREATE FUNCTION pg_mq_ack(in_channel text, in_msg_ids bigint[], in_lease_tokens uuid[])
    RETURNS TABLE (msg_id bigint)
    LANGUAGE plpgsql AS $fn$
DECLARE
    v_row pg_mq_config_catalog := pg_mq_channel(in_channel);
BEGIN
    IF cardinality(in_msg_ids) IS DISTINCT FROM cardinality(in_lease_tokens) THEN
        RAISE EXCEPTION 'channel "%": ack needs one lease token per message id, got % ids and % tokens', in_channel,
                cardinality(in_msg_ids), cardinality(in_lease_tokens)
            USING ERRCODE = 'PQ005';
    END IF;
    RETURN QUERY EXECUTE format($sql$
        UPDATE %I.%I q SET was_delivered = true, lease_token = NULL
          FROM unnest($1, $2) AS a(msg_id, lease_token)
         WHERE q.msg_id = a.msg_id AND q.lease_token = a.lease_token AND NOT q.was_delivered AND q.dead_at IS NULL
        RETURNING q.msg_id$sql$, current_schema(), v_row.table_name)
        USING in_msg_ids, in_lease_tokens;
END
$fn$;

-- Acks one claimed message; raises PQ010 if its lease was lost.
CREATE FUNCTION pg_mq_ack(in_channel text, in_msg_id bigint, in_lease_token uuid) RETURNS void
    LANGUAGE plpgsql AS $fn$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_mq_ack(in_channel, ARRAY[in_msg_id], ARRAY[in_lease_token])) THEN
        PERFORM pg_mq_lease_lost(in_channel, (pg_mq_channel(in_channel)).table_name, 'ack', in_msg_id);
    END IF;
END
$fn$;

-- Nacks a claimed message: keeps in_error as its last_error and makes it claimable again after a backoff
-- (in_delay, or exponential from the channel's backoff_base up to backoff_max, with jitter: between half and
-- all of base * 2^(attempt-1)). When its attempts are used up it goes to the dead letters instead.
-- Raises PQ010 if the lease was lost.
CREATE FUNCTION pg_mq_nack(in_channel text, in_msg_id bigint, in_lease_token uuid, in_error text,
                           in_delay interval DEFAULT NULL,
                           OUT dead boolean, OUT visible_at timestamptz)
    LANGUAGE plpgsql AS $fn$
DECLARE
    v_row pg_mq_config_catalog := pg_mq_channel(in_channel);
BEGIN
    IF in_delay IS NOT NULL AND in_delay < interval '0' THEN
        RAISE EXCEPTION 'channel "%": nack delay must not be negative, was %', in_channel, in_delay
            USING ERRCODE = 'PQ005';
    END IF;
    EXECUTE format($sql$
        UPDATE %I.%I q
           SET lease_token = NULL,
               last_error  = $3,
               dead_at     = CASE WHEN q.attempts >= $4 THEN clock_timestamp() END,
               visible_at  = CASE WHEN q.attempts >= $4 THEN q.visible_at
                                  ELSE clock_timestamp() + coalesce($5,
                                       least($7, $6 * power(2, least(q.attempts - 1, 30))) * (0.5 + random() / 2))
                             END
         WHERE q.msg_id = $1 AND q.lease_token = $2 AND NOT q.was_delivered AND q.dead_at IS NULL
        RETURNING q.dead_at IS NOT NULL, q.visible_at$sql$, current_schema(), v_row.table_name)
       INTO dead, visible_at
      USING in_msg_id, in_lease_token, in_error, v_row.max_attempts, in_delay, v_row.backoff_base, v_row.backoff_max;
    IF dead IS NULL THEN
        PERFORM pg_mq_lease_lost(in_channel, v_row.table_name, 'nack', in_msg_id);
    END IF;
END
$fn$;

-- Extends the lease of a claimed message to now + in_lease (a long handler's heartbeat). Returns the new
-- expiry; raises PQ010 if the lease was lost.
CREATE FUNCTION pg_mq_extend_lease(in_channel text, in_msg_id bigint, in_lease_token uuid, in_lease interval)
    RETURNS timestamptz
    LANGUAGE plpgsql AS $fn$
DECLARE
    v_row     pg_mq_config_catalog := pg_mq_channel(in_channel);
    v_expires timestamptz;
BEGIN
    IF in_lease IS NULL OR in_lease <= interval '0' THEN
        RAISE EXCEPTION 'channel "%": lease must be positive, was %', in_channel, coalesce(in_lease::text, 'NULL')
            USING ERRCODE = 'PQ005';
    END IF;
    EXECUTE format($sql$
        UPDATE %I.%I q SET visible_at = clock_timestamp() + $3
         WHERE q.msg_id = $1 AND q.lease_token = $2 AND NOT q.was_delivered AND q.dead_at IS NULL
        RETURNING q.visible_at$sql$, current_schema(), v_row.table_name)
       INTO v_expires USING in_msg_id, in_lease_token, in_lease;
    IF v_expires IS NULL THEN
        PERFORM pg_mq_lease_lost(in_channel, v_row.table_name, 'extend lease', in_msg_id);
    END IF;
    RETURN v_expires;
END
$fn$;

-- Gives back claimed messages that were never started (a consumer shutting down): claimable again at once,
-- and the attempt does not count. Returns the ids released; a lost lease is skipped.
CREATE FUNCTION pg_mq_release(in_channel text, in_msg_ids bigint[], in_lease_tokens uuid[])
    RETURNS TABLE (msg_id bigint)
    LANGUAGE plpgsql AS $fn$
DECLARE
    v_row pg_mq_config_catalog := pg_mq_channel(in_channel);
BEGIN
    IF cardinality(in_msg_ids) IS DISTINCT FROM cardinality(in_lease_tokens) THEN
        RAISE EXCEPTION 'channel "%": release needs one lease token per message id, got % ids and % tokens', in_channel,
                cardinality(in_msg_ids), cardinality(in_lease_tokens)
            USING ERRCODE = 'PQ005';
    END IF;
    RETURN QUERY EXECUTE format($sql$
        UPDATE %I.%I q SET lease_token = NULL, visible_at = clock_timestamp(), attempts = q.attempts - 1
          FROM unnest($1, $2) AS a(msg_id, lease_token)
         WHERE q.msg_id = a.msg_id AND q.lease_token = a.lease_token AND NOT q.was_delivered AND q.dead_at IS NULL
        RETURNING q.msg_id$sql$, current_schema(), v_row.table_name)
        USING in_msg_ids, in_lease_tokens;
END
$fn$;

-- Lists a channel's dead letters, oldest first (the payload stays in the table: SELECT it by msg_id).
CREATE FUNCTION pg_mq_dead_letters(in_channel text, in_limit integer DEFAULT 100)
    RETURNS TABLE (msg_id bigint, sent_at timestamptz, attempts integer, dead_at timestamptz, last_error text)
    LANGUAGE plpgsql AS $fn$
DECLARE
    v_row pg_mq_config_catalog := pg_mq_channel(in_channel);
BEGIN
    RETURN QUERY EXECUTE format($sql$
        SELECT q.msg_id, q.sent_at, q.attempts, q.dead_at, q.last_error FROM %I.%I q
         WHERE q.dead_at IS NOT NULL ORDER BY q.msg_id LIMIT $1$sql$, current_schema(), v_row.table_name)
        USING in_limit;
END
$fn$;

-- Brings dead letters back: claimable at once, attempts from zero, last_error kept for the record.
-- in_msg_ids NULL means every dead letter of the channel. Returns the number redriven.
CREATE FUNCTION pg_mq_redrive(in_channel text, in_msg_ids bigint[] DEFAULT NULL) RETURNS bigint
    LANGUAGE plpgsql AS $fn$
DECLARE
    v_row   pg_mq_config_catalog := pg_mq_channel(in_channel);
    v_count bigint;
BEGIN
    EXECUTE format($sql$
        UPDATE %I.%I q SET dead_at = NULL, attempts = 0, lease_token = NULL, visible_at = clock_timestamp()
         WHERE q.dead_at IS NOT NULL AND ($1 IS NULL OR q.msg_id = ANY ($1))$sql$,
        current_schema(), v_row.table_name)
      USING in_msg_ids;
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END
$fn$;

REVOKE EXECUTE ON FUNCTION pg_mq_alter_channel(text, integer, interval, interval, interval) FROM PUBLIC;

SELECT pg_mq_pin_search_path();
