-- pgmq core script V6__fast_claim_ack.sql, vendored from pgmq-schema by pgmq make-migrations.
-- Written by pgmq make-migrations. Do not edit: channels.lock.json records its checksum.

-- pgmq core, version 6: claim and ack at close to the cost of a raw `SELECT ... FOR UPDATE SKIP LOCKED` + `DELETE`.
--
-- Why: version 2's claim + ack by 100 ran at about 0.2x that raw loop. Measured server-side (100,000 messages, one
-- session, bench/README.md "claim + ack"), the cost was, in order:
--   1. the claim's UPDATE was not HOT: queue pages were full (fillfactor 100), so every claimed row's new version
--      went to another page with new entries in both indexes; and the ack's UPDATE of was_delivered, a column of
--      the ready index's predicate, can never be HOT;
--   2. a gen_random_uuid() per message (a strong random number each);
--   3. a plpgsql wrapper and an EXECUTE planned anew on every call.
-- So, from this version on:
--   - queue tables keep over half of each page free (fillfactor 45), so a claim updates a row in place (HOT: no index
--     writes), and autovacuum visits them after a fixed number of dead rows rather than a fraction of the table;
--   - a claim gives all the messages it leases one lease_token (it still identifies that lease: a later claim of
--     the same message gets another), and reads the clock once;
--   - an ack DELETEs the message, unless the channel keeps acked messages (keep_acked, for an audit trail: then it
--     marks it delivered as before, and retention purges it). Receivers are granted DELETE for this. Messages
--     received at-most-once (pg_mq_get_msg_*) are still marked delivered, as the seed's interface promises;
--   - the claim and ack statements are the text of pg_mq_claim_sql / pg_mq_ack_sql with the channel as a bound
--     parameter and the channel's settings read by the statement itself, so a client may prepare that same text
--     once (the Java runtime does) and the semantics still live only here.
--
-- Upgrading: acks of existing channels delete from now on too; set keep_acked with pg_mq_alter_channel to keep
-- them. Roles that may receive (UPDATE on a channel table) are granted DELETE on it below.

ALTER TABLE pg_mq_config_catalog ADD COLUMN keep_acked boolean NOT NULL DEFAULT false;

-- Internal: the storage parameters of a queue table. fillfactor 45: a message is inserted once and updated about
-- once (its claim) before it is deleted, so room for one more version of each row, and its line pointer, keeps that
-- update on its page (at 50 the last rows of a page did not fit: measured 93% HOT, 100% at 45). Later updates of
-- the same row (a retry, a lease extension) find room again once the page is pruned of versions nobody sees.
-- Autovacuum: a queue table's live size says little about its churn (it may be nearly empty while a million
-- messages pass through an hour), so it is vacuumed after 1,000 dead rows whatever its size, without cost delay
-- (the table is small when it is healthy, and a slow vacuum lets dead rows pile up in the ready index).
CREATE FUNCTION pg_mq_set_queue_storage(in_table name) RETURNS void
    LANGUAGE plpgsql AS $fn$
BEGIN
    EXECUTE format('ALTER TABLE %I.%I SET (fillfactor = 45, autovacuum_vacuum_scale_factor = 0, '
                   'autovacuum_vacuum_threshold = 1000, autovacuum_vacuum_insert_scale_factor = 0, '
                   'autovacuum_vacuum_insert_threshold = 10000, autovacuum_analyze_scale_factor = 0.02, '
                   'autovacuum_vacuum_cost_delay = 0)',
                   current_schema(), in_table);
END
$fn$;

-- As version 1's, and the new table gets pg_mq_set_queue_storage's parameters.
CREATE OR REPLACE FUNCTION pg_mq_create_queue(in_channel text, in_type text)
    RETURNS pg_mq_config_catalog
    LANGUAGE plpgsql SECURITY DEFINER AS $fn$
DECLARE
    v_table name := pg_mq_check_channel_name(in_channel);
    v_row   pg_mq_config_catalog;
BEGIN
    IF in_type IS NULL OR in_type NOT IN ('text', 'xml', 'bytea') THEN
        RAISE EXCEPTION 'channel "%": payload type % is not supported: expected text, xml or bytea',
                in_channel, coalesce(quote_literal(in_type), 'NULL')
            USING ERRCODE = 'PQ005', HINT = 'Pass ''text'', ''xml'' or ''bytea'' as in_type.';
    END IF;
    IF EXISTS (SELECT 1 FROM pg_mq_config_catalog WHERE channel = in_channel) THEN
        RAISE EXCEPTION 'channel "%" already exists', in_channel
            USING ERRCODE = 'PQ002', HINT = 'Choose another name, or drop it first with pg_mq_drop_queue.';
    END IF;
    EXECUTE format('CREATE TABLE %I.%I (LIKE %I.%I INCLUDING ALL)',
                   current_schema(), v_table, current_schema(), 'pg_mq_shape_' || in_type);
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

-- Existing queue tables: the new parameters apply to pages written from now on.
DO $existing$
DECLARE
    v_table name;
BEGIN
    FOR v_table IN SELECT c.table_name FROM pg_mq_config_catalog c
                    WHERE to_regclass(format('%I.%I', current_schema(), c.table_name)) IS NOT NULL
                    ORDER BY c.channel LOOP
        PERFORM pg_mq_set_queue_storage(v_table);
    END LOOP;
END
$existing$;

-- Delivery settings gain in_keep_acked (NULL leaves it as it is): true keeps acked messages, marked delivered,
-- until retention purges them; false (the default) deletes them on ack.
DROP FUNCTION pg_mq_alter_channel(text, integer, interval, interval, interval);
CREATE FUNCTION pg_mq_alter_channel(in_channel text,
                                    in_max_attempts integer DEFAULT NULL,
                                    in_backoff_base interval DEFAULT NULL,
                                    in_backoff_max interval DEFAULT NULL,
                                    in_lease interval DEFAULT NULL,
                                    in_keep_acked boolean DEFAULT NULL)
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
           default_lease = coalesce(in_lease, c.default_lease),
           keep_acked    = coalesce(in_keep_acked, c.keep_acked)
     WHERE c.channel = in_channel
    RETURNING * INTO v_row;
    RETURN v_row;
END
$fn$;
REVOKE EXECUTE ON FUNCTION pg_mq_alter_channel(text, integer, interval, interval, interval, boolean) FROM PUBLIC;

-- Internal: the claim statement of one channel table, with its LIMIT and its lease as SQL text (a parameter such as
-- $2::integer, or a literal). The statement reads the channel's max_attempts and default_lease from the catalog, takes
-- up to LIMIT ready messages, oldest first, that no other transaction holds (FOR UPDATE SKIP LOCKED), and leases them
-- all with one new lease_token until now + lease (NULL: the channel's default_lease): hidden until then, attempts + 1.
-- A message whose attempts are used up (its last lease expired without ack or nack) goes to the dead letters instead
-- and is not returned, so a claim may return fewer than asked. It returns what pg_mq_claim_text does (msg_id, attempt,
-- lease_token, lease_expires_at, sent_at, sent_by, last_error, payload), payload cast to in_payload_cast ('text' for
-- text and xml channels, 'bytea' for bytea ones), ordered by msg_id.
CREATE FUNCTION pg_mq_claim_statement(in_table name, in_payload_cast text, in_limit text, in_lease text) RETURNS text
    LANGUAGE sql IMMUTABLE AS $fn$
SELECT format($sql$
    WITH lease AS (
        SELECT c.max_attempts, c.default_lease, clock_timestamp() AS now, gen_random_uuid() AS token
          FROM %1$I.pg_mq_config_catalog c WHERE c.channel = $1::text
    ), picked AS (
        SELECT q.msg_id, q.attempts >= (SELECT l.max_attempts FROM lease l) AS used_up
          FROM %1$I.%2$I q
         WHERE NOT q.was_delivered AND q.dead_at IS NULL AND q.visible_at <= (SELECT l.now FROM lease l)
         ORDER BY q.msg_id
         LIMIT %4$s
           FOR UPDATE SKIP LOCKED
    ), claimed AS (
        UPDATE %1$I.%2$I q
           SET attempts    = q.attempts + CASE WHEN p.used_up THEN 0 ELSE 1 END,
               lease_token = CASE WHEN p.used_up THEN NULL ELSE l.token END,
               visible_at  = CASE WHEN p.used_up THEN q.visible_at ELSE l.now + coalesce(%5$s, l.default_lease) END,
               dead_at     = CASE WHEN p.used_up THEN l.now END,
               last_error  = CASE WHEN p.used_up
                                  THEN 'lease expired on attempt ' || q.attempts || ' of ' || l.max_attempts
                                       || ': the consumer neither acked nor nacked in time'
                                  ELSE q.last_error END
          FROM picked p, lease l
         WHERE q.msg_id = p.msg_id
        RETURNING q.msg_id, q.attempts, q.lease_token, q.visible_at, q.sent_at, q.sent_by, q.last_error,
                  q.payload::%3$I AS payload, q.dead_at
    )
    SELECT msg_id, attempts AS attempt, lease_token, visible_at AS lease_expires_at, sent_at, sent_by, last_error,
           payload
      FROM claimed WHERE dead_at IS NULL ORDER BY msg_id$sql$,
    current_schema(), in_table, in_payload_cast, in_limit, in_lease)
$fn$;


-- The claim statement of one channel table, for a client to EXECUTE. Parameters, each used once and in this order:
-- $1 the channel's name (text), $2 how many messages at most (integer, >= 1), $3 the lease (interval; NULL: the
-- channel's default_lease; must be positive). pg_mq_claim_text and pg_mq_claim_bin run it.
CREATE OR REPLACE FUNCTION pg_mq_claim_sql(in_table name, in_payload_cast text) RETURNS text
    LANGUAGE sql IMMUTABLE AS $fn$
SELECT pg_mq_claim_statement(in_table, in_payload_cast, '$2::integer', '$3::interval')
$fn$;

-- The claim statement for batches of in_max, for a client to prepare once and run many times (the Java runtime
-- does). Parameters, each used once and in this order: $1 the channel's name (text), $2 the lease (interval, as
-- above). The LIMIT is written into the text because a LIMIT parameter makes PostgreSQL estimate 10% of the table,
-- so its plan cache would re-plan the statement on every run (measured: planning cost more than the claim itself).
CREATE FUNCTION pg_mq_claim_sql(in_table name, in_payload_cast text, in_max integer) RETURNS text
    LANGUAGE plpgsql IMMUTABLE AS $fn$
BEGIN
    IF in_max IS NULL OR in_max < 1 THEN
        RAISE EXCEPTION 'claim batch size must be at least 1, was %', coalesce(in_max::text, 'NULL')
            USING ERRCODE = 'PQ005', HINT = 'Claim 1 or more messages.';
    END IF;
    RETURN pg_mq_claim_statement(in_table, in_payload_cast, in_max::text, '$2::interval');
END
$fn$;

CREATE OR REPLACE FUNCTION pg_mq_claim_text(in_channel name, in_max integer, in_lease interval DEFAULT NULL)
    RETURNS TABLE (msg_id bigint, attempt integer, lease_token uuid, lease_expires_at timestamptz,
                   sent_at timestamptz, sent_by name, last_error text, payload text)
    LANGUAGE plpgsql AS $fn$
DECLARE
    v_row pg_mq_config_catalog := pg_mq_channel_for_get(in_channel, in_max, true);
BEGIN
    PERFORM pg_mq_lease(in_channel, in_lease, v_row.default_lease);
    RETURN QUERY EXECUTE pg_mq_claim_sql(v_row.table_name, 'text') USING in_channel::text, in_max, in_lease;
END
$fn$;

CREATE OR REPLACE FUNCTION pg_mq_claim_bin(in_channel name, in_max integer, in_lease interval DEFAULT NULL)
    RETURNS TABLE (msg_id bigint, attempt integer, lease_token uuid, lease_expires_at timestamptz,
                   sent_at timestamptz, sent_by name, last_error text, payload bytea)
    LANGUAGE plpgsql AS $fn$
DECLARE
    v_row pg_mq_config_catalog := pg_mq_channel_for_get(in_channel, in_max, false);
BEGIN
    IF v_row.payload_type = 'bytea' THEN
        PERFORM pg_mq_lease(in_channel, in_lease, v_row.default_lease);
        RETURN QUERY EXECUTE pg_mq_claim_sql(v_row.table_name, 'bytea') USING in_channel::text, in_max, in_lease;
    ELSE
        RETURN QUERY SELECT c.msg_id, c.attempt, c.lease_token, c.lease_expires_at, c.sent_at, c.sent_by,
                            c.last_error, convert_to(c.payload, current_setting('server_encoding'))
          FROM pg_mq_claim_text(in_channel, in_max, in_lease) c;
    END IF;
END
$fn$;

-- The ack statement of one channel table, for a client to EXECUTE or prepare. Parameters, each used once and in
-- this order: $1 the channel's name (text), $2 the msg_ids (bigint[]), $3 their lease_tokens (uuid[], same length).
-- Deletes each message still held by that lease (or, when the channel keeps acked messages, marks it delivered)
-- and returns the msg_ids acked; a message whose lease was lost is left alone and not returned.
CREATE FUNCTION pg_mq_ack_sql(in_table name) RETURNS text
    LANGUAGE sql IMMUTABLE AS $fn$
SELECT format($sql$
    WITH channel AS (
        SELECT c.keep_acked FROM %1$I.pg_mq_config_catalog c WHERE c.channel = $1::text
    ), held AS (
        SELECT a.msg_id, a.lease_token FROM unnest($2::bigint[], $3::uuid[]) AS a(msg_id, lease_token)
    ), deleted AS (
        DELETE FROM %1$I.%2$I q USING held h
         WHERE NOT (SELECT ch.keep_acked FROM channel ch)
           AND q.msg_id = h.msg_id AND q.lease_token = h.lease_token AND NOT q.was_delivered AND q.dead_at IS NULL
        RETURNING q.msg_id
    ), kept AS (
        UPDATE %1$I.%2$I q SET was_delivered = true, lease_token = NULL
          FROM held h
         WHERE (SELECT ch.keep_acked FROM channel ch)
           AND q.msg_id = h.msg_id AND q.lease_token = h.lease_token AND NOT q.was_delivered AND q.dead_at IS NULL
        RETURNING q.msg_id
    )
    SELECT d.msg_id FROM deleted d UNION ALL SELECT k.msg_id FROM kept k$sql$,
    current_schema(), in_table)
$fn$;

-- Acks claimed messages: each msg_id with the lease_token its claim returned (arrays of equal length). Deletes
-- them (marks them delivered if the channel keeps acked messages). Returns the ids acked; a message whose lease
-- was lost is left alone and not returned.
CREATE OR REPLACE FUNCTION pg_mq_ack(in_channel text, in_msg_ids bigint[], in_lease_tokens uuid[])
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
    RETURN QUERY EXECUTE pg_mq_ack_sql(v_row.table_name) USING in_channel, in_msg_ids, in_lease_tokens;
END
$fn$;

-- Internal: why a message is not held by a lease any more, for PQ010's message. An acked message is usually gone
-- (deleted), so a missing row names that first.
CREATE OR REPLACE FUNCTION pg_mq_lease_lost(in_channel text, in_table name, in_operation text, in_msg_id bigint)
    RETURNS void
    LANGUAGE plpgsql AS $fn$
DECLARE
    v_state record;
BEGIN
    EXECUTE format('SELECT was_delivered, dead_at, attempts, visible_at, lease_token FROM %I.%I WHERE msg_id = $1',
                   current_schema(), in_table)
       INTO v_state USING in_msg_id;
    IF v_state IS NULL THEN
        RAISE EXCEPTION 'channel "%": % of message % failed: no such message (already acked, or purged)', in_channel,
                in_operation, in_msg_id
            USING ERRCODE = 'PQ010', HINT = 'Ack each delivery once; if it was never acked, the id is wrong.';
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

-- Receiving now includes deleting (an ack deletes): SELECT, UPDATE and DELETE on the channel table.
CREATE OR REPLACE FUNCTION pg_mq_grant_receive(in_channel text, in_role name) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER AS $fn$
DECLARE
    v_row  pg_mq_config_catalog := pg_mq_channel(in_channel);
    v_role name := pg_mq_check_role(in_channel, in_role);
BEGIN
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', current_schema(), v_role);
    EXECUTE format('GRANT SELECT, UPDATE, DELETE ON %I.%I TO %I', current_schema(), v_row.table_name, v_role);
END
$fn$;

CREATE OR REPLACE FUNCTION pg_mq_revoke_receive(in_channel text, in_role name) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER AS $fn$
DECLARE
    v_row  pg_mq_config_catalog := pg_mq_channel(in_channel);
    v_role name := pg_mq_check_role(in_channel, in_role);
BEGIN
    EXECUTE format('REVOKE SELECT, UPDATE, DELETE ON %I.%I FROM %I', current_schema(), v_row.table_name, v_role);
END
$fn$;

-- Roles that could receive before this version (granted UPDATE on a channel table) may now delete from it.
DO $grants$
DECLARE
    v_grant record;
BEGIN
    FOR v_grant IN
        SELECT c.table_name, r.rolname
          FROM pg_mq_config_catalog c
          JOIN pg_class t ON t.oid = to_regclass(format('%I.%I', current_schema(), c.table_name))
         CROSS JOIN LATERAL aclexplode(t.relacl) acl
          JOIN pg_roles r ON r.oid = acl.grantee
         WHERE acl.privilege_type = 'UPDATE' AND acl.grantee <> t.relowner
         ORDER BY c.table_name, r.rolname
    LOOP
        EXECUTE format('GRANT DELETE ON %I.%I TO %I', current_schema(), v_grant.table_name, v_grant.rolname);
    END LOOP;
END
$grants$;

REVOKE EXECUTE ON FUNCTION pg_mq_set_queue_storage(name) FROM PUBLIC;

SELECT pg_mq_pin_search_path();
