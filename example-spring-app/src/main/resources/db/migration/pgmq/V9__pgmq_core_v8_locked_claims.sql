-- pgmq core script V8__locked_claims.sql, vendored from pgmq-schema by pgmq make-migrations.
-- Written by pgmq make-migrations. Do not edit: channels.lock.json records its checksum.

-- pgmq core, version 8: claims held by the caller's transaction (a row lock, no lease written).
--
-- A lease claim (pg_mq_claim_text/_bin) writes the lease into every message it claims and commits it before the
-- work starts, so that a consumer that crashes or hangs loses the message only until the lease expires, and the
-- next delivery counts the attempt. That is one write per message and a second transaction per batch.
--
-- A locked claim (pg_mq_claim_locked_text/_bin) writes nothing: it locks up to n ready messages for the rest of the
-- calling transaction (SELECT ... FOR UPDATE SKIP LOCKED), and that transaction decides what becomes of them:
--   pg_mq_complete(channel, msg_ids)           they are done: deleted (marked delivered if the channel keeps acked
--                                              messages) when the transaction commits;
--   pg_mq_fail(channel, msg_id, error[, delay]) the attempt failed: retried after the channel's backoff (or delay),
--                                              or a dead letter once its attempts are used up;
--   rollback, or the session ending           nothing happened: ready again at once, attempts unchanged.
-- Other consumers, locked or leased, skip locked messages and never wait for them.
--
-- Use it when the work is in the same database (the work and the completion commit together, so a message's effects
-- happen once) and is short (the transaction stays open while it runs, holding back vacuum). A failure the caller
-- catches is counted (pg_mq_fail); a crash or a lost connection is not, since its transaction never commits: a
-- message that kills its consumer is redelivered with the same attempt number for ever. Use lease claims for work
-- that can crash the process or runs long.
--
-- The attempt a locked claim returns is the message's recorded attempts + 1: the failed attempts (locked or leased)
-- and the lease claims before it, then this one. A locked claim is one index scan that locks what it returns, as a
-- raw SELECT ... FOR UPDATE SKIP LOCKED; so it only skips a message whose attempts are used up (possible only when
-- lease claims are mixed in: its last lease expired), and the next lease claim moves that one to the dead letters.

-- Internal: the locked claim statement of one channel table. in_limit is the LIMIT's text: a number written in (for
-- a client that prepares it once per batch size) or a parameter.
CREATE FUNCTION pg_mq_claim_locked_statement(in_table name, in_payload_cast text, in_limit text) RETURNS text
    LANGUAGE sql IMMUTABLE AS $fn$
SELECT format($sql$
    WITH channel AS (
        SELECT c.max_attempts, clock_timestamp() AS now
          FROM %1$I.pg_mq_config_catalog c WHERE c.channel = $1::text
    )
    SELECT q.msg_id, q.attempts + 1 AS attempt, q.sent_at, q.sent_by, q.last_error, q.payload::%3$I AS payload
      FROM %1$I.%2$I q
     WHERE NOT q.was_delivered AND q.dead_at IS NULL AND q.visible_at <= (SELECT ch.now FROM channel ch)
       AND q.attempts < (SELECT ch.max_attempts FROM channel ch)
     ORDER BY q.msg_id
     LIMIT %4$s
       FOR UPDATE OF q SKIP LOCKED$sql$,
    current_schema(), in_table, in_payload_cast, in_limit)
$fn$;

-- The locked claim statement of one channel table for batches of in_max, for a client to prepare once and run
-- many times (the Java runtime does). One parameter: $1 the channel's name (text). Output columns: msg_id,
-- attempt, sent_at, sent_by, last_error, payload (cast to in_payload_cast). The LIMIT is written into the text, as
-- pg_mq_claim_sql(table, cast, max) does, so that PostgreSQL keeps one plan.
CREATE FUNCTION pg_mq_claim_locked_sql(in_table name, in_payload_cast text, in_max integer) RETURNS text
    LANGUAGE plpgsql IMMUTABLE AS $fn$
BEGIN
    IF in_max IS NULL OR in_max < 1 THEN
        RAISE EXCEPTION 'claim batch size must be at least 1, was %', coalesce(in_max::text, 'NULL')
            USING ERRCODE = 'PQ005', HINT = 'Claim 1 or more messages.';
    END IF;
    RETURN pg_mq_claim_locked_statement(in_table, in_payload_cast, in_max::text);
END
$fn$;

-- Locks up to in_max ready messages of a text or xml channel, oldest first, for the rest of the calling
-- transaction, and returns them; writes nothing (see the top of this file). Complete them (pg_mq_complete) or fail
-- them (pg_mq_fail) before the transaction commits; those left alone stay ready.
CREATE FUNCTION pg_mq_claim_locked_text(in_channel name, in_max integer)
    RETURNS TABLE (msg_id bigint, attempt integer, sent_at timestamptz, sent_by name, last_error text, payload text)
    LANGUAGE plpgsql AS $fn$
DECLARE
    v_row pg_mq_config_catalog := pg_mq_channel_for_get(in_channel, in_max, true);
BEGIN
    RETURN QUERY EXECUTE pg_mq_claim_locked_statement(v_row.table_name, 'text', '$2::integer')
        USING in_channel::text, in_max;
END
$fn$;

-- pg_mq_claim_locked_text for any channel, payload as bytea (text and xml in the server encoding).
CREATE FUNCTION pg_mq_claim_locked_bin(in_channel name, in_max integer)
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
                            convert_to(c.payload, current_setting('server_encoding'))
          FROM pg_mq_claim_locked_text(in_channel, in_max) c;
    END IF;
END
$fn$;

-- The complete statement of one channel table, for a client to EXECUTE or prepare. Parameters, each used once and
-- in this order: $1 the channel's name (text), $2 the msg_ids (bigint[]). Deletes each message that is ready and
-- that no other transaction holds (marks it delivered if the channel keeps acked messages), and returns the msg_ids
-- completed. Meant for messages the same transaction locked with a locked claim: those it holds already, so it never
-- waits; a message another consumer holds, or no longer ready, is left alone and not returned. The rows are found by
-- msg_id once, locked (a no-op for the rows this transaction holds), and deleted by their ctid, which cannot change
-- while the lock is held: one index probe per message, as a plain DELETE by msg_id.
CREATE FUNCTION pg_mq_complete_sql(in_table name) RETURNS text
    LANGUAGE sql IMMUTABLE AS $fn$
SELECT format($sql$
    WITH channel AS (
        SELECT c.keep_acked FROM %1$I.pg_mq_config_catalog c WHERE c.channel = $1::text
    ), held AS (
        SELECT q.ctid FROM %1$I.%2$I q
         WHERE q.msg_id = ANY ($2::bigint[])
           AND NOT q.was_delivered AND q.dead_at IS NULL AND q.visible_at <= clock_timestamp()
           FOR UPDATE SKIP LOCKED
    ), deleted AS (
        DELETE FROM %1$I.%2$I q
         WHERE NOT (SELECT ch.keep_acked FROM channel ch) AND q.ctid = ANY (ARRAY(SELECT h.ctid FROM held h))
        RETURNING q.msg_id
    ), kept AS (
        UPDATE %1$I.%2$I q SET was_delivered = true, lease_token = NULL
         WHERE (SELECT ch.keep_acked FROM channel ch) AND q.ctid = ANY (ARRAY(SELECT h.ctid FROM held h))
        RETURNING q.msg_id
    )
    SELECT d.msg_id FROM deleted d UNION ALL SELECT k.msg_id FROM kept k$sql$,
    current_schema(), in_table)
$fn$;

-- Internal: why a message is not held by the calling transaction's locked claim, for PQ010's message.
CREATE FUNCTION pg_mq_lock_lost(in_channel text, in_table name, in_operation text, in_msg_id bigint)
    RETURNS void
    LANGUAGE plpgsql AS $fn$
DECLARE
    v_state record;
BEGIN
    EXECUTE format('SELECT was_delivered, dead_at, visible_at FROM %I.%I WHERE msg_id = $1', current_schema(), in_table)
       INTO v_state USING in_msg_id;
    IF v_state IS NULL THEN
        RAISE EXCEPTION 'channel "%": % of message % failed: no such message (already completed, or purged)',
                in_channel, in_operation, in_msg_id
            USING ERRCODE = 'PQ010', HINT = 'Complete or fail each locked message once; if it was never, the id is wrong.';
    ELSIF v_state.was_delivered THEN
        RAISE EXCEPTION 'channel "%": % of message % failed: it was already completed', in_channel, in_operation,
                in_msg_id
            USING ERRCODE = 'PQ010', HINT = 'Complete or fail each locked message once.';
    ELSIF v_state.dead_at IS NOT NULL THEN
        RAISE EXCEPTION 'channel "%": % of message % failed: it is a dead letter since %', in_channel, in_operation,
                in_msg_id, v_state.dead_at
            USING ERRCODE = 'PQ010', HINT = 'Redrive it with pg_mq_redrive to process it again.';
    ELSIF v_state.visible_at > clock_timestamp() THEN
        RAISE EXCEPTION 'channel "%": % of message % failed: it is not ready until % (failed already, or leased)',
                in_channel, in_operation, in_msg_id, v_state.visible_at
            USING ERRCODE = 'PQ010', HINT = 'Complete or fail only messages this transaction claimed locked, once each.';
    ELSE
        RAISE EXCEPTION 'channel "%": % of message % failed: another transaction holds it', in_channel, in_operation,
                in_msg_id
            USING ERRCODE = 'PQ010',
                  HINT = 'Complete or fail a locked message in the transaction that claimed it, before it ends.';
    END IF;
END
$fn$;

-- Completes messages the calling transaction holds by a locked claim: they are gone when it commits (marked
-- delivered if the channel keeps acked messages). Returns the ids completed; one not held is left alone and not
-- returned.
CREATE FUNCTION pg_mq_complete(in_channel text, in_msg_ids bigint[]) RETURNS TABLE (msg_id bigint)
    LANGUAGE plpgsql AS $fn$
DECLARE
    v_row pg_mq_config_catalog := pg_mq_channel(in_channel);
BEGIN
    RETURN QUERY EXECUTE pg_mq_complete_sql(v_row.table_name) USING in_channel, in_msg_ids;
END
$fn$;

-- Completes one message the calling transaction holds by a locked claim; raises PQ010 if it does not hold it.
CREATE FUNCTION pg_mq_complete(in_channel text, in_msg_id bigint) RETURNS void
    LANGUAGE plpgsql AS $fn$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_mq_complete(in_channel, ARRAY[in_msg_id])) THEN
        PERFORM pg_mq_lock_lost(in_channel, (pg_mq_channel(in_channel)).table_name, 'complete', in_msg_id);
    END IF;
END
$fn$;

-- Fails a message the calling transaction holds by a locked claim: counts the attempt, keeps in_error as its
-- last_error, and makes it claimable again after a backoff (in_delay, or the channel's, as pg_mq_nack computes it for
-- the same attempt), or moves it to the dead letters when this was its last attempt. Takes effect when the
-- transaction commits, so fail in the transaction that claimed, after rolling back the work (to a savepoint).
-- Raises PQ010 if the transaction does not hold the message.
CREATE FUNCTION pg_mq_fail(in_channel text, in_msg_id bigint, in_error text, in_delay interval DEFAULT NULL,
                           OUT dead boolean, OUT visible_at timestamptz)
    LANGUAGE plpgsql AS $fn$
DECLARE
    v_row pg_mq_config_catalog := pg_mq_channel(in_channel);
BEGIN
    IF in_delay IS NOT NULL AND in_delay < interval '0' THEN
        RAISE EXCEPTION 'channel "%": fail delay must not be negative, was %', in_channel, in_delay
            USING ERRCODE = 'PQ005';
    END IF;
    EXECUTE format($sql$
        WITH held AS (
            SELECT q.msg_id FROM %1$I.%2$I q
             WHERE q.msg_id = $1 AND NOT q.was_delivered AND q.dead_at IS NULL AND q.visible_at <= clock_timestamp()
               FOR UPDATE SKIP LOCKED
        )
        UPDATE %1$I.%2$I q
           SET attempts    = q.attempts + 1,
               lease_token = NULL,
               last_error  = $2,
               dead_at     = CASE WHEN q.attempts + 1 >= $3 THEN clock_timestamp() END,
               visible_at  = CASE WHEN q.attempts + 1 >= $3 THEN q.visible_at
                                  ELSE clock_timestamp() + coalesce($4,
                                       least($6, $5 * power(2, least(q.attempts, 30))) * (0.5 + random() / 2))
                             END
          FROM held h
         WHERE q.msg_id = h.msg_id
        RETURNING q.dead_at IS NOT NULL, q.visible_at$sql$, current_schema(), v_row.table_name)
       INTO dead, visible_at
      USING in_msg_id, in_error, v_row.max_attempts, in_delay, v_row.backoff_base, v_row.backoff_max;
    IF dead IS NULL THEN
        PERFORM pg_mq_lock_lost(in_channel, v_row.table_name, 'fail', in_msg_id);
    END IF;
END
$fn$;

-- Sets how full a channel's table fills new pages (PostgreSQL's fillfactor, 10..100; pg_mq_create_queue makes it 45).
-- A lease claim writes a new version of every message it claims, and 45 leaves room for it on the same page (a HOT
-- update, without index writes): keep 45 for channels consumed with lease claims. A channel consumed only with locked
-- claims never updates a message before deleting it, and 100 packs twice the messages per page: a locked claim and
-- its completion touch half the pages and measured about twice as fast (bench/README.md, "Locked claims"). Applies
-- to pages filled from now on (the rest stay as they are until emptied, or VACUUM FULL). Returns the fillfactor set.
CREATE FUNCTION pg_mq_set_fillfactor(in_channel text, in_fillfactor integer) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER AS $fn$
DECLARE
    v_row pg_mq_config_catalog := pg_mq_channel(in_channel);
BEGIN
    IF in_fillfactor IS NULL OR in_fillfactor NOT BETWEEN 10 AND 100 THEN
        RAISE EXCEPTION 'channel "%": fillfactor must be 10..100, was %', in_channel,
                coalesce(in_fillfactor::text, 'NULL')
            USING ERRCODE = 'PQ005',
                  HINT = 'Use 45 (the default) for channels consumed with lease claims, 100 for locked claims only.';
    END IF;
    EXECUTE format('ALTER TABLE %I.%I SET (fillfactor = %s)', current_schema(), v_row.table_name, in_fillfactor);
    RETURN in_fillfactor;
END
$fn$;
REVOKE EXECUTE ON FUNCTION pg_mq_set_fillfactor(text, integer) FROM PUBLIC;

SELECT pg_mq_pin_search_path();
