-- pgmq core script V10__trust.sql, vendored from pgmq-schema by pgmq make-migrations.
-- Written by pgmq make-migrations. Do not edit: channels.lock.json records its checksum.

-- pgmq core, version 10: trust. The holes a hostile review found in versions 1-9 (issue 14), each closed here, and
-- the SQL half of two fixes from issues 15 and 20. Every section below starts with what was wrong:
--   F3  complete and fail act only on messages this transaction holds        F6  one interval rule
--   F1, F2  column grants for senders and receivers                          F7  channel object names
--   F5  no lock an outsider can take    F4  an idle count outsiders cannot lower   F8  lowering max_attempts
--   F9  domains over a channel's type   PQ010 wording   drop_queue refuses   retention as the receive role
--   wake-ups when messages become ready again
--
-- New SQLSTATE: PQ007 channel still holds messages that are not done (pg_mq_drop_queue without in_force).
-- (PQ099 is internal: pg_mq_held_below raises and catches it to roll back a probe; it never reaches a client.)

--------------------------------------------------------------------------------------------------------------------
-- F3. Complete and fail act only on messages this transaction claimed with a locked claim.
--
-- Was: pg_mq_complete and pg_mq_fail acted on any ready message no other transaction held, so
-- `BEGIN; SELECT pg_mq_complete('jobs', 1::bigint); COMMIT;` deleted message 1, which nobody had processed, and a
-- complete or fail of a message whose lease had just expired took it from under the consumer that held the lease.
--
-- Now they act only on messages this transaction holds locked. A row's xmax is the id of the (sub)transaction that
-- locked it last, so a visible row whose xmax is this transaction's id is locked by it (a row it had updated or
-- deleted would not be visible to it): the common case, a claim and its completion at the same level, costs one
-- comparison per row in the complete and nothing in the claim. A claim made inside a savepoint locks with the
-- savepoint's own id; for a message whose xmax is some other id, pg_mq_complete and pg_mq_fail (not the prepared
-- statement) probe in a subtransaction they then roll back: they lock the row again (FOR UPDATE SKIP LOCKED), which
-- changes nothing when this transaction's tree holds it already, and writes the probe's id when it was free (its
-- locker ended, or a savepoint that claimed it was rolled back); a row another transaction holds is skipped. So it is
-- held when its xmax is the same before and after (each read by a statement part of its own, matched by ctid), and the
-- rollback of the probe frees what the probe itself locked. Anything else (nobody holds it; a lease holds or held it;
-- another transaction holds it) raises PQ010 in the single forms and is not returned by the array form, and no
-- message changes. A message a transaction locked itself with a plain SELECT ... FOR UPDATE counts as held too: no
-- other transaction can have it. An xmax that is a MultiXactId (a row locked by several transactions or modes) is
-- compared as a number: this transaction's own mixes (a claim, then an update in a savepoint rolled back) are found
-- by the probe; another's would need two transactions to lock a queue row FOR SHARE or KEY SHARE, which pgmq never
-- does, and its number to equal this transaction's id. (A message this transaction failed with no delay stays held by
-- it: PostgreSQL carries the row lock over to the row's new version, so it may still complete it.)
--------------------------------------------------------------------------------------------------------------------

-- The locked claim statement of one channel table, as V8's (same parameter, $1 the channel, and output columns), and
-- it skips the messages this transaction holds locked already: FOR UPDATE SKIP LOCKED skips only other transactions'
-- locks, so a second locked claim in one transaction returned the first one's messages again. (Messages a claim
-- inside a savepoint locked carry the savepoint's id, and a claim at another level may still return them.)
CREATE OR REPLACE FUNCTION pg_mq_claim_locked_statement(in_table name, in_payload_cast text, in_limit text)
    RETURNS text
    LANGUAGE sql IMMUTABLE AS $fn$
SELECT format($sql$
    WITH channel AS (
        SELECT c.max_attempts, clock_timestamp() AS now, xid(pg_current_xact_id_if_assigned()) AS me
          FROM %1$I.pg_mq_config_catalog c WHERE c.channel = $1::text
    )
    SELECT q.msg_id, q.attempts + 1 AS attempt, q.sent_at, q.sent_by, q.last_error, q.payload::%3$I AS payload
      FROM %1$I.%2$I q
     WHERE NOT q.was_delivered AND q.dead_at IS NULL AND q.visible_at <= (SELECT ch.now FROM channel ch)
       AND q.attempts < (SELECT ch.max_attempts FROM channel ch)
       AND (q.xmax = (SELECT ch.me FROM channel ch)) IS NOT TRUE
     ORDER BY q.msg_id
     LIMIT %4$s
       FOR UPDATE OF q SKIP LOCKED$sql$,
    current_schema(), in_table, in_payload_cast, in_limit)
$fn$;

-- The complete statement of one channel table, for a client to prepare (the runtime does): $1 the channel, $2 the
-- msg_ids; returns the msg_ids completed. Deletes each ready message this transaction holds locked at its own level
-- (marks it delivered if the channel keeps acked messages); anything else is left alone and not returned, including
-- messages a claim inside a savepoint locked (pg_mq_complete completes those).
CREATE OR REPLACE FUNCTION pg_mq_complete_sql(in_table name) RETURNS text
    LANGUAGE sql IMMUTABLE AS $fn$
SELECT format($sql$
    WITH channel AS (
        SELECT c.keep_acked, xid(pg_current_xact_id_if_assigned()) AS me
          FROM %1$I.pg_mq_config_catalog c WHERE c.channel = $1::text
    ), asked AS (
        SELECT $2::bigint[] AS ids
    ), deleted AS (
        DELETE FROM %1$I.%2$I q
         WHERE NOT (SELECT ch.keep_acked FROM channel ch) AND q.msg_id = ANY ((SELECT a.ids FROM asked a)::bigint[])
           AND NOT q.was_delivered AND q.dead_at IS NULL AND q.visible_at <= clock_timestamp()
           AND q.xmax = (SELECT ch.me FROM channel ch)
        RETURNING q.msg_id
    ), kept AS (
        UPDATE %1$I.%2$I q SET was_delivered = true, lease_token = NULL
         WHERE (SELECT ch.keep_acked FROM channel ch) AND q.msg_id = ANY ((SELECT a.ids FROM asked a)::bigint[])
           AND NOT q.was_delivered AND q.dead_at IS NULL AND q.visible_at <= clock_timestamp()
           AND q.xmax = (SELECT ch.me FROM channel ch)
        RETURNING q.msg_id
    )
    SELECT d.msg_id FROM deleted d UNION ALL SELECT k.msg_id FROM kept k$sql$,
    current_schema(), in_table)
$fn$;

-- Internal: the ctids of those of the ready messages in_msg_ids that this transaction holds locked at a level other
-- than its own (a claim inside a savepoint, released or still open), found by the probe described above.
CREATE FUNCTION pg_mq_held_below(in_table name, in_msg_ids bigint[]) RETURNS tid[]
    LANGUAGE plpgsql AS $fn$
DECLARE
    v_held tid[];
BEGIN
    BEGIN
        EXECUTE format($sql$
            WITH candidates AS MATERIALIZED (
                SELECT q.ctid, q.xmax AS locker FROM %1$I.%2$I q
                 WHERE q.msg_id = ANY ($1) AND q.xmax <> '0'::xid
                   AND NOT q.was_delivered AND q.dead_at IS NULL AND q.visible_at <= clock_timestamp()
            ), relocked AS MATERIALIZED (
                SELECT array_agg(l.ctid) AS ctids FROM (
                    SELECT q.ctid FROM %1$I.%2$I q WHERE q.ctid = ANY (ARRAY(SELECT c.ctid FROM candidates c))
                       FOR UPDATE SKIP LOCKED) l
            ), after AS MATERIALIZED (
                SELECT q.ctid, q.xmax FROM %1$I.%2$I q WHERE q.ctid = ANY ((SELECT r.ctids FROM relocked r)::tid[])
            )
            SELECT array_agg(c.ctid) FROM candidates c JOIN after a ON a.ctid = c.ctid WHERE a.xmax = c.locker$sql$,
            current_schema(), in_table)
           INTO v_held USING in_msg_ids;
        -- undo the probe: it frees the rows it locked itself, and only those
        RAISE EXCEPTION USING ERRCODE = 'PQ099';
    EXCEPTION WHEN SQLSTATE 'PQ099' THEN
        NULL;
    END;
    RETURN coalesce(v_held, '{}');
END
$fn$;

-- Completes messages the calling transaction holds by a locked claim (V8's, for messages this transaction holds
-- locked, see above): returns the ids completed; one not held is left alone and not returned.
CREATE OR REPLACE FUNCTION pg_mq_complete(in_channel text, in_msg_ids bigint[]) RETURNS TABLE (msg_id bigint)
    LANGUAGE plpgsql AS $fn$
DECLARE
    v_row  pg_mq_config_catalog := pg_mq_channel(in_channel);
    v_done bigint[] := '{}';
    v_held tid[];
BEGIN
    FOR msg_id IN EXECUTE pg_mq_complete_sql(v_row.table_name) USING in_channel, in_msg_ids LOOP
        v_done := v_done || msg_id;
        RETURN NEXT;
    END LOOP;
    IF cardinality(v_done) < cardinality(in_msg_ids) THEN
        v_held := pg_mq_held_below(v_row.table_name,
                                   ARRAY(SELECT i FROM unnest(in_msg_ids) i WHERE i <> ALL (v_done)));
        IF cardinality(v_held) > 0 THEN
            RETURN QUERY EXECUTE format($sql$
                WITH deleted AS (
                    DELETE FROM %1$I.%2$I q WHERE NOT $2 AND q.ctid = ANY ($1) RETURNING q.msg_id
                ), kept AS (
                    UPDATE %1$I.%2$I q SET was_delivered = true, lease_token = NULL
                     WHERE $2 AND q.ctid = ANY ($1) RETURNING q.msg_id
                )
                SELECT d.msg_id FROM deleted d UNION ALL SELECT k.msg_id FROM kept k$sql$,
                current_schema(), v_row.table_name)
              USING v_held, v_row.keep_acked;
        END IF;
    END IF;
END
$fn$;

-- Internal: why a message is not held by the calling transaction's locked claim, for PQ010's message (V8's, and it
-- tells a message this transaction never claimed from one another transaction holds, and says what holds it).
CREATE OR REPLACE FUNCTION pg_mq_lock_lost(in_channel text, in_table name, in_operation text, in_msg_id bigint)
    RETURNS void
    LANGUAGE plpgsql AS $fn$
DECLARE
    v_state record;
    v_free  boolean;
BEGIN
    -- failed here: this transaction wrote the row's current version, and it counts a failed attempt
    EXECUTE format('SELECT was_delivered, dead_at, visible_at, lease_token,'
                   ' xmin = xid(pg_current_xact_id_if_assigned()) AND lease_token IS NULL AND attempts > 0'
                   ' AND last_error IS NOT NULL AS failed_here FROM %I.%I WHERE msg_id = $1',
                   current_schema(), in_table)
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
    ELSIF v_state.failed_here THEN
        RAISE EXCEPTION 'channel "%": % of message % failed: this transaction failed it already (it is retried after %)',
                in_channel, in_operation, in_msg_id, v_state.visible_at
            USING ERRCODE = 'PQ010', HINT = 'Complete or fail each locked message once.';
    ELSIF v_state.visible_at > clock_timestamp() AND v_state.lease_token IS NOT NULL THEN
        RAISE EXCEPTION 'channel "%": % of message % failed: a lease claim holds it until %, not this transaction',
                in_channel, in_operation, in_msg_id, v_state.visible_at
            USING ERRCODE = 'PQ010', HINT = 'Ack or nack a leased message with its lease token (pg_mq_ack, pg_mq_nack).';
    ELSIF v_state.visible_at > clock_timestamp() THEN
        RAISE EXCEPTION 'channel "%": % of message % failed: it is not ready until % (a retry or a delayed send), and this transaction does not hold it',
                in_channel, in_operation, in_msg_id, v_state.visible_at
            USING ERRCODE = 'PQ010', HINT = 'Complete or fail only messages this transaction claimed locked, once each.';
    END IF;
    -- ready, and not held by this transaction: nobody else holds it either if this lock is granted at once (the lock
    -- goes with the error raised below)
    EXECUTE format('SELECT true FROM %I.%I WHERE msg_id = $1 FOR UPDATE SKIP LOCKED', current_schema(), in_table)
       INTO v_free USING in_msg_id;
    IF v_free THEN
        RAISE EXCEPTION 'channel "%": % of message % failed: this transaction did not claim it with a locked claim (its lease expired, or it was never claimed)',
                in_channel, in_operation, in_msg_id
            USING ERRCODE = 'PQ010',
                  HINT = 'Claim it first with pg_mq_claim_locked_text or _bin in this transaction; ack or nack a leased message with its lease token.';
    END IF;
    RAISE EXCEPTION 'channel "%": % of message % failed: another transaction holds it', in_channel, in_operation,
            in_msg_id
        USING ERRCODE = 'PQ010',
              HINT = 'Complete or fail a locked message in the transaction that claimed it, before it ends.';
END
$fn$;

-- Fails a message the calling transaction holds by a locked claim (V8's, acting only on a message this transaction
-- holds locked, see above; a retry NOTIFYs, see the wake-ups below).
CREATE OR REPLACE FUNCTION pg_mq_fail(in_channel text, in_msg_id bigint, in_error text, in_delay interval DEFAULT NULL,
                                      OUT dead boolean, OUT visible_at timestamptz)
    LANGUAGE plpgsql AS $fn$
DECLARE
    v_row  pg_mq_config_catalog := pg_mq_channel(in_channel);
    v_held tid[];
BEGIN
    PERFORM pg_mq_check_interval(in_channel, 'fail delay', in_delay, true);
    EXECUTE format($sql$
        SELECT array_agg(q.ctid) FROM %1$I.%2$I q
         WHERE q.msg_id = $1 AND q.xmax = xid(pg_current_xact_id_if_assigned())
           AND NOT q.was_delivered AND q.dead_at IS NULL AND q.visible_at <= clock_timestamp()$sql$,
        current_schema(), v_row.table_name)
       INTO v_held USING in_msg_id;
    IF v_held IS NULL THEN
        v_held := pg_mq_held_below(v_row.table_name, ARRAY[in_msg_id]);
    END IF;
    EXECUTE format($sql$
        UPDATE %1$I.%2$I q
           SET attempts    = q.attempts + 1,
               lease_token = NULL,
               last_error  = $2,
               dead_at     = CASE WHEN q.attempts + 1 >= $3 THEN clock_timestamp() END,
               visible_at  = CASE WHEN q.attempts + 1 >= $3 THEN q.visible_at
                                  ELSE clock_timestamp() + coalesce($4,
                                       least($6, $5 * power(2, least(q.attempts, 30))) * (0.5 + random() / 2))
                             END
         WHERE q.ctid = ANY ($1)
        RETURNING q.dead_at IS NOT NULL, q.visible_at$sql$, current_schema(), v_row.table_name)
       INTO dead, visible_at
      USING v_held, in_error, v_row.max_attempts, in_delay, v_row.backoff_base, v_row.backoff_max;
    IF dead IS NULL THEN
        PERFORM pg_mq_lock_lost(in_channel, v_row.table_name, 'fail', in_msg_id);
    ELSIF NOT dead THEN
        PERFORM pg_mq_notify_ready(v_row.channel, v_row.notify_mode, ARRAY[in_msg_id]);
    END IF;
END
$fn$;

--------------------------------------------------------------------------------------------------------------------
-- F1, F2. Senders and receivers get the columns their role needs, and no others.
--
-- Was: pg_mq_grant_send granted INSERT on the whole table, so a sender could set msg_id (taking the ids other
-- producers' sends would get next, so that theirs failed with 23505 and rolled back their business transactions),
-- sent_by, sent_at, or visible_at = 'infinity'; pg_mq_grant_receive granted UPDATE on the whole table, so a receiver
-- could rewrite payload and sent_by.
--
-- Now:
--   send     INSERT (payload, visible_at): the payload and when it becomes visible (a delayed send), nothing else;
--            msg_id, sent_at and sent_by come from their defaults, sent_by being who really sent it; and
--            SELECT (msg_id), which INSERT ... RETURNING msg_id needs.
--   receive  SELECT (every column), DELETE (an ack or a completion deletes), and UPDATE of the delivery state only:
--            was_delivered, visible_at, attempts, lease_token, last_error, dead_at.
-- Existing channels' grants are narrowed the same way below: every role other than the owner that holds INSERT or
-- UPDATE on a whole channel table keeps it for those columns only (a role someone granted ALL by hand included).
-- "May receive" (registering idle, below) now means SELECT and UPDATE of was_delivered, which column grants give.
--------------------------------------------------------------------------------------------------------------------

-- Internal: true when the current role may receive from in_channel (SELECT, and UPDATE of was_delivered, on its table).
CREATE OR REPLACE FUNCTION pg_mq_may_receive(in_channel text) RETURNS boolean
    LANGUAGE sql STABLE AS $fn$
SELECT EXISTS (SELECT 1 FROM pg_mq_config_catalog c
                WHERE c.channel = in_channel
                  AND has_table_privilege(format('%I.%I', current_schema(), c.table_name), 'SELECT')
                  AND has_column_privilege(format('%I.%I', current_schema(), c.table_name), 'was_delivered', 'UPDATE'))
$fn$;

-- Lets a role send to a channel: INSERT of payload and visible_at, SELECT of msg_id (for RETURNING), see above.
CREATE OR REPLACE FUNCTION pg_mq_grant_send(in_channel text, in_role name) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER AS $fn$
DECLARE
    v_row  pg_mq_config_catalog := pg_mq_channel(in_channel);
    v_role name := pg_mq_check_role(in_channel, in_role);
BEGIN
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', current_schema(), v_role);
    EXECUTE format('GRANT INSERT (payload, visible_at), SELECT (msg_id) ON %I.%I TO %I',
                   current_schema(), v_row.table_name, v_role);
END
$fn$;

-- Lets a role receive from a channel: SELECT, DELETE, and UPDATE of the delivery state, see above.
CREATE OR REPLACE FUNCTION pg_mq_grant_receive(in_channel text, in_role name) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER AS $fn$
DECLARE
    v_row  pg_mq_config_catalog := pg_mq_channel(in_channel);
    v_role name := pg_mq_check_role(in_channel, in_role);
BEGIN
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', current_schema(), v_role);
    EXECUTE format('GRANT SELECT, DELETE, UPDATE (was_delivered, visible_at, attempts, lease_token, last_error, dead_at)'
                   ' ON %I.%I TO %I', current_schema(), v_row.table_name, v_role);
END
$fn$;

-- Takes back pg_mq_grant_send: INSERT on the table and every column of it (so also a grant from before V10), and
-- SELECT of msg_id (a role that also receives keeps its SELECT of the table). USAGE on the schema stays.
CREATE OR REPLACE FUNCTION pg_mq_revoke_send(in_channel text, in_role name) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER AS $fn$
DECLARE
    v_row  pg_mq_config_catalog := pg_mq_channel(in_channel);
    v_role name := pg_mq_check_role(in_channel, in_role);
BEGIN
    EXECUTE format('REVOKE INSERT ON %I.%I FROM %I', current_schema(), v_row.table_name, v_role);
    EXECUTE format('REVOKE SELECT (msg_id) ON %I.%I FROM %I', current_schema(), v_row.table_name, v_role);
END
$fn$;

-- Takes back pg_mq_grant_receive. Revoking SELECT on a table revokes SELECT of its columns too, so a role that still
-- may send gets SELECT of msg_id back (before V10 such a role could no longer send). USAGE on the schema stays.
CREATE OR REPLACE FUNCTION pg_mq_revoke_receive(in_channel text, in_role name) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER AS $fn$
DECLARE
    v_row   pg_mq_config_catalog := pg_mq_channel(in_channel);
    v_role  name := pg_mq_check_role(in_channel, in_role);
    v_table text := format('%I.%I', current_schema(), v_row.table_name);
BEGIN
    EXECUTE format('REVOKE SELECT, UPDATE, DELETE ON %s FROM %I', v_table, v_role);
    IF has_column_privilege(v_role, v_table, 'payload', 'INSERT') THEN
        EXECUTE format('GRANT SELECT (msg_id) ON %s TO %I', v_table, v_role);
    END IF;
END
$fn$;

-- Existing channels: whole-table INSERT and UPDATE of every role but the owner become the column grants above.
DO $grants$
DECLARE
    v_grant record;
    v_to    text;
BEGIN
    FOR v_grant IN
        SELECT c.table_name, acl.grantee, acl.privilege_type, acl.is_grantable
          FROM pg_mq_config_catalog c
          JOIN pg_class t ON t.oid = to_regclass(format('%I.%I', current_schema(), c.table_name))
         CROSS JOIN LATERAL aclexplode(t.relacl) acl
         WHERE acl.privilege_type IN ('INSERT', 'UPDATE') AND acl.grantee <> t.relowner
         ORDER BY c.table_name, acl.grantee, acl.privilege_type
    LOOP
        v_to := CASE WHEN v_grant.grantee = 0 THEN 'PUBLIC'
                     ELSE format('%I', (SELECT r.rolname FROM pg_roles r WHERE r.oid = v_grant.grantee)) END;
        EXECUTE format('REVOKE %s ON %I.%I FROM %s CASCADE', v_grant.privilege_type, current_schema(),
                       v_grant.table_name, v_to);
        EXECUTE format('GRANT %s (%s) ON %I.%I TO %s%s', v_grant.privilege_type,
                       CASE v_grant.privilege_type
                           WHEN 'INSERT' THEN 'payload, visible_at'
                           ELSE 'was_delivered, visible_at, attempts, lease_token, last_error, dead_at' END,
                       current_schema(), v_grant.table_name, v_to,
                       CASE WHEN v_grant.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END);
    END LOOP;
END
$grants$;

--------------------------------------------------------------------------------------------------------------------
-- F5. No lock an outsider can take.
--
-- Was: pg_mq_rebuild_send (run by every catalog change: create and drop queue) and the idle count serialised on
-- advisory locks whose keys were text hashes anyone could compute, so a role with no grants at all holding
-- pg_advisory_lock(hashtext('<schema>.pg_mq_send_message')) blocked every create and drop, and one holding
-- hashtext('<schema>.pg_mq_wake_<channel>') made pg_mq_register_idle hang at COMMIT (its deferred trigger is past
-- statement_timeout's reach).
--
-- Now they lock rows of pgmq's own tables, which PUBLIC may not lock (FOR UPDATE and FOR SHARE need UPDATE privilege;
-- LOCK TABLE in any mode that conflicts with a row lock needs more than SELECT): pg_mq_rebuild_send the one row of
-- pg_mq_locks, the idle count of a channel its row of pg_mq_config_catalog (FOR NO KEY UPDATE, which other pgmq
-- functions that change that row wait for too). A role that may receive from a channel can still hold that channel's
-- lock (by registering and not committing), as it can hold its messages' row locks.
--------------------------------------------------------------------------------------------------------------------

CREATE TABLE pg_mq_locks (
    lock_name text PRIMARY KEY
);
COMMENT ON TABLE pg_mq_locks IS 'pgmq: rows pgmq locks to serialise its own work (PUBLIC may not lock them).';
REVOKE ALL ON pg_mq_locks FROM PUBLIC;
INSERT INTO pg_mq_locks (lock_name) VALUES ('catalog');

-- Regenerates both overloads of pg_mq_send_message from the catalog (V9's, serialised by the row of pg_mq_locks; the
-- bytea overload takes domains over bytea, F9 below). Called by the catalog's trigger; callable by the owner after a
-- restore. Returns the number of channels routed.
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
        -- a domain over bytea is sent as its bytea value (V10), checked only off the bytea path
        IF %1$I.pg_mq_base_type(pg_catalog.pg_typeof(in_payload))
           OPERATOR(pg_catalog.=) 'pg_catalog.bytea'::pg_catalog.regtype THEN
            SELECT s.msg_id, s.sent_at, s.sent_by, s.was_delivered INTO msg_id, sent_at, sent_by, was_delivered
              FROM %1$I.pg_mq_send_message(in_channel, in_payload::pg_catalog.bytea, in_deliver_at) s;
        ELSE
            SELECT s.msg_id, s.sent_at, s.sent_by, s.was_delivered INTO msg_id, sent_at, sent_by, was_delivered
              FROM %1$I.pg_mq_send_message(in_channel, in_payload::pg_catalog.text, in_deliver_at) s;
        END IF;
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

--------------------------------------------------------------------------------------------------------------------
-- F4. The when_idle count cannot be driven down by another role or by a rolled-back transaction.
--
-- Was: PUBLIC could DELETE rows of pg_mq_idle_consumers whose backend had ended, and the count trigger took 1 away for
-- each deleted row under REPEATABLE READ (whose snapshot may predate other registrations). setval() is not undone by a
-- rollback, so any role with USAGE on the schema repeating `BEGIN ISOLATION LEVEL REPEATABLE READ; DELETE ... stale
-- rows; SET CONSTRAINTS ALL IMMEDIATE; ROLLBACK;` drove pg_mq_wake_<channel> to 0, and live consumers got no NOTIFY.
--
-- Now:
--   - only pgmq's functions delete registrations: pg_mq_unregister_idle (SECURITY DEFINER, the calling session's own
--     rows only) and pg_mq_register_idle's clean-up of backends that ended (pg_mq_idle_tidy, SECURITY DEFINER, which
--     only a session registered on the channel may call). PUBLIC keeps SELECT and INSERT, which row level security
--     limits to the calling backend and roles that may receive (a registration by hand still works);
--   - the count is never changed by a delta. Under the channel's lock (F5), the changing transaction counts the
--     registrations it sees: under READ COMMITTED its snapshot is taken after the lock, so it sees every change
--     committed before, and the count is exact; under REPEATABLE READ or SERIALIZABLE, whose snapshot may be older,
--     the count may only rise (an unregistration there leaves it too high until the next change under READ COMMITTED);
--   - pg_mq_register_idle recounts even when the session was registered already.
-- What that guarantees: a count too high is harmless (a function call per send that finds nobody, until the next
-- change); the count is too low only by registrations that the transaction which set it deleted itself and then
-- rolled back (after SET CONSTRAINTS ... IMMEDIATE, or a failure after its deferred trigger ran). Those are only ever
-- its own session's registrations, or those of backends that had ended: no role can make another live session's
-- registration go uncounted, and a session that did so to its own registration is counted again by its next
-- pg_mq_register_idle (the runtime's Consumer registers on every idle wait).
--------------------------------------------------------------------------------------------------------------------

REVOKE DELETE ON pg_mq_idle_consumers FROM PUBLIC;
DROP POLICY pg_mq_idle_unregister ON pg_mq_idle_consumers;

-- Internal: sets the idle count of in_channel (its sequence pg_mq_wake_<channel>; nothing if the channel has none) to
-- the registrations this transaction sees, under the channel's lock (held until commit). in_delta is the change this
-- transaction made (+1, -1, or NULL when unknown): it only matters under REPEATABLE READ or SERIALIZABLE, where the
-- count may not go down (see above).
CREATE OR REPLACE FUNCTION pg_mq_idle_count(in_channel text, in_delta integer) RETURNS void
    LANGUAGE plpgsql AS $fn$
DECLARE
    v_seq   regclass;
    v_count bigint;
BEGIN
    -- first: pg_mq_create_trigger counts under this lock too, so a registration is in its count or, committing after
    -- it, finds the new sequence (under READ COMMITTED; pg_class, as to_regclass may answer from a stale cache)
    PERFORM 1 FROM pg_mq_config_catalog c WHERE c.channel = in_channel FOR NO KEY UPDATE;
    SELECT c.oid INTO v_seq FROM pg_class c
     WHERE c.relnamespace = current_schema()::regnamespace AND c.relname = 'pg_mq_wake_' || in_channel
       AND c.relkind = 'S';
    IF v_seq IS NULL THEN
        RETURN;
    END IF;
    SELECT count(*) INTO v_count FROM pg_mq_idle_consumers i WHERE i.channel = in_channel;
    IF current_setting('transaction_isolation') <> 'read committed' THEN
        v_count := greatest(v_count, coalesce(pg_sequence_last_value(v_seq), 0) + greatest(coalesce(in_delta, 0), 0));
    END IF;
    -- is_called true: pg_sequence_last_value() is NULL until then, and the WHEN clause would never be true
    PERFORM setval(v_seq, v_count, true);
END
$fn$;

-- Internal, for pg_mq_register_idle: removes the channel's registrations of backends that ended, and recounts. Only a
-- session registered idle on the channel may call it (registering needs receive rights), so the roles that may hold
-- the channel's lock this way are those that may receive from it.
CREATE FUNCTION pg_mq_idle_tidy(in_channel text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER AS $fn$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_mq_idle_consumers i
                    WHERE i.channel = in_channel AND i.backend_pid = pg_backend_pid()) THEN
        RAISE EXCEPTION 'channel "%": only a session registered idle on the channel may clean up its registrations',
                in_channel
            USING ERRCODE = '42501', HINT = 'Call pg_mq_register_idle, which does it.';
    END IF;
    DELETE FROM pg_mq_idle_consumers i
     WHERE i.channel = in_channel AND i.backend_pid <> pg_backend_pid() AND NOT pg_mq_backend_alive(i.backend_pid);
    PERFORM pg_mq_idle_count(in_channel, NULL);
END
$fn$;

-- Registers the calling session as an idle consumer of in_channel (V5's; the clean-up of ended backends and a recount
-- now run in pg_mq_idle_tidy, also when the session was registered already). Needs receive rights: 42501 otherwise.
-- Returns false if the session was registered already.
CREATE OR REPLACE FUNCTION pg_mq_register_idle(in_channel text) RETURNS boolean
    LANGUAGE plpgsql AS $fn$
DECLARE
    v_row pg_mq_config_catalog := pg_mq_channel(in_channel);
    v_new boolean;
BEGIN
    IF NOT pg_mq_may_receive(in_channel) THEN
        RAISE EXCEPTION 'channel "%": role % may not register as an idle consumer: it may not receive from the channel',
                in_channel, format('%I', current_user)
            USING ERRCODE = '42501',
                  HINT = format('Grant it with pg_mq_grant_receive(%L, %L).', in_channel, current_user);
    END IF;
    INSERT INTO pg_mq_idle_consumers (channel, backend_pid) VALUES (v_row.channel, pg_backend_pid())
        ON CONFLICT (channel, backend_pid) DO NOTHING;
    GET DIAGNOSTICS v_new = ROW_COUNT;
    PERFORM pg_mq_idle_tidy(v_row.channel);
    RETURN v_new;
END
$fn$;

-- Takes back the calling session's pg_mq_register_idle on in_channel (V5's, now SECURITY DEFINER: PUBLIC may no
-- longer delete registrations, and this deletes only the calling session's). Returns false if the session was not
-- registered. Never fails for a channel that is gone: a consumer may stop after a drop.
CREATE OR REPLACE FUNCTION pg_mq_unregister_idle(in_channel text) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER AS $fn$
DECLARE
    v_gone boolean;
BEGIN
    DELETE FROM pg_mq_idle_consumers i WHERE i.channel = in_channel AND i.backend_pid = pg_backend_pid();
    GET DIAGNOSTICS v_gone = ROW_COUNT;
    RETURN v_gone;
END
$fn$;

--------------------------------------------------------------------------------------------------------------------
-- F6. One interval rule: an interval is judged by where it lands.
--
-- Was: intervals were checked with `> interval '0'`, and interval '361 days -12 mons' > interval '0' is true although
-- now() + it is four days ago (PostgreSQL compares intervals as if a month had 30 days; adding one steps the calendar).
-- A claim with that lease left the message claimable by a second consumer at once; as a channel's default lease,
-- backoff or retention it did the same at every use.
--
-- Now every interval pgmq takes (a claim's lease, pg_mq_extend_lease, the default lease, backoff base and max, nack and
-- fail delays, retention and dead-letter retention, pg_mq_purge's older_than) passes one rule, pg_mq_interval_rule_sql:
-- finite, no part (months, days, time) negative, and longer than zero where zero makes no sense (leases, backoff,
-- retention; a delay or older_than may be zero). An interval whose parts all have one sign lands in the future
-- (or now) wherever and whenever it is added, which is what a stored setting needs: a mixed one may land in the past in
-- another month even when now() + it does not today. A violation raises PQ005 saying where it lands, with the fix.
-- The catalog enforces the rule on its interval columns with a trigger (its CHECK constraints, which the runtime's
-- generated classes mirror, stay as they were); settings stored before V10 that break it are reset to their defaults
-- below, with a WARNING naming the channel.
--------------------------------------------------------------------------------------------------------------------

-- The rule, as an SQL expression (boolean) over in_value, an SQL expression of type interval: the one place it is
-- written. Statements a client prepares inline it, so checking costs no function call there.
CREATE FUNCTION pg_mq_interval_rule_sql(in_value text, in_allow_zero boolean) RETURNS text
    LANGUAGE sql IMMUTABLE AS $fn$
SELECT format('(isfinite(%1$s) AND extract(year FROM %1$s) >= 0 AND extract(month FROM %1$s) >= 0'
              ' AND extract(day FROM %1$s) >= 0 AND extract(hour FROM %1$s) >= 0'
              ' AND extract(minute FROM %1$s) >= 0 AND extract(second FROM %1$s) >= 0'
              ' AND %1$s %2$s interval %3$L)',
              in_value, CASE WHEN in_allow_zero THEN '>=' ELSE '>' END, '0')
$fn$;

-- Internal: the rule as a function (true when in_value passes it), written from pg_mq_interval_rule_sql.
DO $rule$
BEGIN
    EXECUTE format('CREATE FUNCTION %I.pg_mq_interval_ok(in_value interval, in_allow_zero boolean) RETURNS boolean'
                   ' LANGUAGE sql IMMUTABLE AS %L', current_schema(),
                   format('SELECT CASE WHEN in_allow_zero THEN %s ELSE %s END',
                          pg_mq_interval_rule_sql('in_value', true), pg_mq_interval_rule_sql('in_value', false)));
END
$rule$;
COMMENT ON FUNCTION pg_mq_interval_ok(interval, boolean) IS
    'pgmq: true when the interval passes the interval rule (written from pg_mq_interval_rule_sql).';

-- Internal: in_value if it passes the rule, else PQ005 naming the channel and setting (in_what), where it lands and the
-- fix. in_allow_zero: whether zero (now) is allowed. NULL passes (callers use NULL for "not given").
CREATE FUNCTION pg_mq_check_interval(in_channel text, in_what text, in_value interval, in_allow_zero boolean)
    RETURNS interval
    LANGUAGE plpgsql AS $fn$
DECLARE
    v_months bigint;
    v_days   bigint;
    v_time   interval;
    v_lands  timestamptz;
BEGIN
    IF in_value IS NULL OR pg_mq_interval_ok(in_value, in_allow_zero) THEN
        BEGIN
            v_lands := clock_timestamp() + in_value;
        EXCEPTION WHEN datetime_field_overflow THEN
            RAISE EXCEPTION 'channel "%": % is too long, was %: now() + it is past the last timestamp PostgreSQL has',
                    in_channel, in_what, in_value
                USING ERRCODE = 'PQ005', HINT = 'Use a shorter interval.';
        END;
        RETURN in_value;
    END IF;
    IF NOT isfinite(in_value) THEN
        RAISE EXCEPTION 'channel "%": % must be finite, was %', in_channel, in_what, in_value
            USING ERRCODE = 'PQ005', HINT = 'Pass a finite interval, e.g. interval ''30 seconds''.';
    END IF;
    v_months := extract(year FROM in_value) * 12 + extract(month FROM in_value);
    v_days := extract(day FROM in_value);
    v_time := in_value - make_interval(months => v_months::integer, days => v_days::integer);
    v_lands := clock_timestamp() + in_value;
    RAISE EXCEPTION 'channel "%": % must %, was %', in_channel, in_what,
            CASE WHEN in_allow_zero THEN 'not be negative' ELSE 'be positive' END, in_value
        USING ERRCODE = 'PQ005',
              DETAIL = CASE
                  WHEN (v_months < 0 OR v_days < 0 OR v_time < interval '0')
                       AND (v_months > 0 OR v_days > 0 OR v_time > interval '0')
                  THEN format('Its parts have mixed signs (%s months, %s days, %s): now() + it lands at %s, and where'
                              ' it lands moves with the calendar, so it may be in the past whenever it is used.',
                              v_months, v_days, v_time, v_lands)
                  ELSE format('now() + it lands at %s.', v_lands) END,
              HINT = CASE WHEN in_allow_zero THEN 'Pass zero or a positive interval, every part of it positive or zero, e.g. interval ''30 seconds''.'
                          ELSE 'Pass a positive interval, every part of it positive or zero, e.g. interval ''30 seconds''.' END;
END
$fn$;

-- Internal: the lease a claim uses (V2's): in_lease, or the channel's default when NULL; it must pass the rule.
CREATE OR REPLACE FUNCTION pg_mq_lease(in_channel text, in_lease interval, in_default interval) RETURNS interval
    LANGUAGE plpgsql VOLATILE AS $fn$
BEGIN
    RETURN pg_mq_check_interval(in_channel, 'lease', coalesce(in_lease, in_default), false);
END
$fn$;

-- Internal: the claim statement of one channel table (V6's); the lease it is given passes the rule (inlined, so the
-- statement a client prepares checks it without a function call), else the statement raises PQ005 as
-- pg_mq_check_interval does, and claims nothing. A message whose attempts are used up keeps its real last_error
-- when its last attempt ended in a nack or a fail (F8, below).
CREATE OR REPLACE FUNCTION pg_mq_claim_statement(in_table name, in_payload_cast text, in_limit text, in_lease text)
    RETURNS text
    LANGUAGE sql IMMUTABLE AS $fn$
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
                  q.payload::%3$I AS payload, q.dead_at
    )
    SELECT msg_id, attempts AS attempt, lease_token, visible_at AS lease_expires_at, sent_at, sent_by, last_error,
           payload
      FROM claimed WHERE dead_at IS NULL ORDER BY msg_id$sql$,
    current_schema(), in_table, in_payload_cast, in_limit, in_lease, pg_mq_interval_rule_sql('a.lease', false))
$fn$;

-- Extends the lease of a claimed message to now + in_lease (V2's; in_lease passes the rule).
CREATE OR REPLACE FUNCTION pg_mq_extend_lease(in_channel text, in_msg_id bigint, in_lease_token uuid, in_lease interval)
    RETURNS timestamptz
    LANGUAGE plpgsql AS $fn$
DECLARE
    v_row     pg_mq_config_catalog := pg_mq_channel(in_channel);
    v_expires timestamptz;
BEGIN
    IF in_lease IS NULL THEN
        RAISE EXCEPTION 'channel "%": lease must be given, was NULL', in_channel
            USING ERRCODE = 'PQ005', HINT = 'Pass the new lease, e.g. interval ''30 seconds''.';
    END IF;
    PERFORM pg_mq_check_interval(in_channel, 'lease', in_lease, false);
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

-- Changes how long a channel keeps finished messages and dead letters (V3's; both pass the rule).
CREATE OR REPLACE FUNCTION pg_mq_set_retention(in_channel text, in_retention interval DEFAULT NULL,
                                               in_dead_retention interval DEFAULT NULL)
    RETURNS pg_mq_config_catalog
    LANGUAGE plpgsql SECURITY DEFINER AS $fn$
DECLARE
    v_row pg_mq_config_catalog := pg_mq_channel(in_channel);
BEGIN
    PERFORM pg_mq_check_interval(in_channel, 'retention', in_retention, false);
    PERFORM pg_mq_check_interval(in_channel, 'dead letter retention', in_dead_retention, false);
    UPDATE pg_mq_config_catalog c
       SET retention      = coalesce(in_retention, c.retention),
           dead_retention = coalesce(in_dead_retention, c.dead_retention)
     WHERE c.channel = in_channel
    RETURNING * INTO v_row;
    RETURN v_row;
END
$fn$;

-- Changes a channel's delivery settings (V6's; the intervals pass the rule, and a lowered max_attempts dead-letters
-- the messages it uses up, F8 below). A NULL argument leaves that setting.
CREATE OR REPLACE FUNCTION pg_mq_alter_channel(in_channel text,
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
    PERFORM pg_mq_check_interval(in_channel, 'backoff base', in_backoff_base, false);
    PERFORM pg_mq_check_interval(in_channel, 'backoff max', in_backoff_max, false);
    PERFORM pg_mq_check_interval(in_channel, 'lease', in_lease, false);
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
    -- F8: messages whose attempts the new max uses up become dead letters now, keeping their real last error
    -- (waits for locked claims that hold them, which are short; a running lease is left to finish)
    EXECUTE format($sql$
        UPDATE %I.%I q
           SET dead_at     = clock_timestamp(),
               last_error  = CASE WHEN q.lease_token IS NOT NULL
                                  THEN 'lease expired on attempt ' || q.attempts || ' of ' || $1
                                       || ': the consumer neither acked nor nacked in time'
                                  ELSE coalesce(q.last_error, 'attempts used up: ' || q.attempts || ' of ' || $1
                                                || ' when max_attempts was lowered') END,
               lease_token = NULL
         WHERE NOT q.was_delivered AND q.dead_at IS NULL AND q.attempts >= $1
           AND (q.lease_token IS NULL OR q.visible_at <= clock_timestamp())$sql$,
        current_schema(), v_row.table_name)
      USING v_row.max_attempts;
    RETURN v_row;
END
$fn$;

-- Nacks a claimed message (V2's; in_delay passes the rule, zero allowed; a retry NOTIFYs, see the wake-ups below).
CREATE OR REPLACE FUNCTION pg_mq_nack(in_channel text, in_msg_id bigint, in_lease_token uuid, in_error text,
                                      in_delay interval DEFAULT NULL,
                                      OUT dead boolean, OUT visible_at timestamptz)
    LANGUAGE plpgsql AS $fn$
DECLARE
    v_row pg_mq_config_catalog := pg_mq_channel(in_channel);
BEGIN
    PERFORM pg_mq_check_interval(in_channel, 'nack delay', in_delay, true);
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
    ELSIF NOT dead THEN
        PERFORM pg_mq_notify_ready(v_row.channel, v_row.notify_mode, ARRAY[in_msg_id]);
    END IF;
END
$fn$;

-- Deletes up to in_batch_size finished messages of a channel (V3's; in_older_than passes the rule, zero allowed; runs
-- with the caller's privileges since V10, see "Retention as the receive role" below).
CREATE OR REPLACE FUNCTION pg_mq_purge(in_channel text, in_older_than interval DEFAULT NULL,
                                       in_batch_size integer DEFAULT 1000)
    RETURNS bigint
    LANGUAGE plpgsql SECURITY INVOKER AS $fn$
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
             WHERE (d.was_delivered AND d.sent_at < clock_timestamp() - $1)
                OR (d.dead_at IS NOT NULL AND d.dead_at < clock_timestamp() - $2)
             ORDER BY d.msg_id
             LIMIT $3
               FOR UPDATE SKIP LOCKED)$sql$, current_schema(), v_row.table_name)
      USING coalesce(in_older_than, v_row.retention), coalesce(in_older_than, v_row.dead_retention), in_batch_size;
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END
$fn$;

-- Internal: the trigger of pg_mq_config_catalog that holds every stored interval to the rule, whoever writes the row.
CREATE FUNCTION pg_mq_catalog_settings_checked() RETURNS trigger
    LANGUAGE plpgsql AS $fn$
BEGIN
    PERFORM pg_mq_check_interval(NEW.channel, 'backoff base', NEW.backoff_base, false);
    PERFORM pg_mq_check_interval(NEW.channel, 'backoff max', NEW.backoff_max, false);
    PERFORM pg_mq_check_interval(NEW.channel, 'lease', NEW.default_lease, false);
    PERFORM pg_mq_check_interval(NEW.channel, 'retention', NEW.retention, false);
    PERFORM pg_mq_check_interval(NEW.channel, 'dead letter retention', NEW.dead_retention, false);
    RETURN NEW;
END
$fn$;

-- Settings stored before V10 that break the rule go back to their defaults (V2's and V3's), with a WARNING.
DO $settings$
DECLARE
    v_row pg_mq_config_catalog;
BEGIN
    FOR v_row IN SELECT * FROM pg_mq_config_catalog c
                  WHERE NOT (pg_mq_interval_ok(c.backoff_base, false) AND pg_mq_interval_ok(c.backoff_max, false)
                             AND pg_mq_interval_ok(c.default_lease, false) AND pg_mq_interval_ok(c.retention, false)
                             AND pg_mq_interval_ok(c.dead_retention, false))
                  ORDER BY c.channel LOOP
        RAISE WARNING 'channel "%": settings that may land in the past are reset to their defaults (backoff %..%, lease %, retention %, dead letter retention %)',
                v_row.channel, v_row.backoff_base, v_row.backoff_max, v_row.default_lease, v_row.retention,
                v_row.dead_retention
            USING HINT = 'Set them again with pg_mq_alter_channel and pg_mq_set_retention, every part of one sign.';
        UPDATE pg_mq_config_catalog c
           SET backoff_base   = CASE WHEN pg_mq_interval_ok(c.backoff_base, false) THEN c.backoff_base
                                     ELSE interval '1 second' END,
               default_lease  = CASE WHEN pg_mq_interval_ok(c.default_lease, false) THEN c.default_lease
                                     ELSE interval '30 seconds' END,
               retention      = CASE WHEN pg_mq_interval_ok(c.retention, false) THEN c.retention
                                     ELSE interval '7 days' END,
               dead_retention = CASE WHEN pg_mq_interval_ok(c.dead_retention, false) THEN c.dead_retention
                                     ELSE interval '30 days' END
         WHERE c.channel = v_row.channel;
        UPDATE pg_mq_config_catalog c
           SET backoff_max = greatest(interval '5 minutes', c.backoff_base)
         WHERE c.channel = v_row.channel AND NOT pg_mq_interval_ok(c.backoff_max, false);
    END LOOP;
END
$settings$;

CREATE TRIGGER pg_mq_catalog_settings_checked
    BEFORE INSERT OR UPDATE OF backoff_base, backoff_max, default_lease, retention, dead_retention
    ON pg_mq_config_catalog
    FOR EACH ROW EXECUTE FUNCTION pg_mq_catalog_settings_checked();

--------------------------------------------------------------------------------------------------------------------
-- F7. The objects a channel creates are named so that no other channel name can produce them.
--
-- Was: a channel table `pg_mq_queue_<channel>` got PostgreSQL's names for what LIKE ... INCLUDING ALL copies from the
-- shape: `pg_mq_queue_<channel>_pkey`, `..._msg_id_seq`, `..._msg_id_idx`. Those are the table names of channels
-- `<channel>_pkey`, `<channel>_msg_id_seq` and `<channel>_msg_id_idx`, so after channel `orders` creating those failed
-- with 42P07 (and names past 63 bytes were truncated).
--
-- Now each object gets a prefix that no queue table has (the 7th character tells them apart: q for queue tables,
-- p, r, m and w for these, and pgmq's fixed relations start with c, i, l or s), so no two channel names produce the same
-- name, and every name fits 63 bytes for the longest channel name (51 bytes):
--   pg_mq_pkey_<channel>    the primary key (index and constraint)
--   pg_mq_ready_<channel>   the index of ready messages
--   pg_mq_msgid_<channel>   the msg_id identity sequence
--   pg_mq_wake_<channel>    the idle count of a when_idle channel (V7, unchanged)
-- Existing channels' objects are renamed below.
--------------------------------------------------------------------------------------------------------------------

-- Internal: renames the primary key, the ready index and the identity sequence of a channel's table to the names
-- above (found by what they are, not by their old names). 42P07 if another relation has one of the names.
CREATE FUNCTION pg_mq_name_channel_objects(in_channel text, in_table name) RETURNS void
    LANGUAGE plpgsql AS $fn$
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
                                    ELSE 'msg_id sequence' END
                USING ERRCODE = '42P07', HINT = 'Rename or drop that relation, then try again.';
        END IF;
        EXECUTE format('ALTER %s %I.%I RENAME TO %I', v_obj.what, current_schema(), v_obj.current, v_want);
    END LOOP;
END
$fn$;

-- Creates a channel (V6's), its table's objects named as above.
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

-- Existing channels: their objects get the new names.
DO $names$
DECLARE
    v_row record;
BEGIN
    FOR v_row IN SELECT c.channel, c.table_name FROM pg_mq_config_catalog c
                  WHERE to_regclass(format('%I.%I', current_schema(), c.table_name)) IS NOT NULL
                  ORDER BY c.channel LOOP
        PERFORM pg_mq_name_channel_objects(v_row.channel, v_row.table_name);
    END LOOP;
END
$names$;

REVOKE EXECUTE ON FUNCTION pg_mq_name_channel_objects(text, name) FROM PUBLIC;

--------------------------------------------------------------------------------------------------------------------
-- F8. Lowering max_attempts.
--
-- Was: after pg_mq_alter_channel lowered max_attempts, the next lease claim moved the messages it used up to the dead
-- letters with last_error 'lease expired on attempt ...', overwriting the real error of the nack that had counted
-- their last attempt; and a locked claim skips used-up messages, so on a channel consumed only with locked claims they
-- stayed ready, unclaimed, for ever.
--
-- Now pg_mq_alter_channel (above) moves them to the dead letters itself when it lowers max_attempts: every open
-- message whose attempts reach the new max and that no running lease holds, keeping its last_error (or saying the
-- lease expired, when it did); one under a running lease is left to its consumer (its ack, nack or the next lease
-- claim after the lease expires decides). The lease claim keeps a nacked or failed message's last_error too.
--------------------------------------------------------------------------------------------------------------------

--------------------------------------------------------------------------------------------------------------------
-- F9. A domain over a channel's type is a payload of that type.
--
-- Was: pg_mq_send_message(text, anyelement) sent every value whose type was not bytea itself through the text overload,
-- so a value of `CREATE DOMAIN png AS bytea` reached a bytea channel as text and was refused (PQ004, "got text").
--
-- Now the generated bytea overload (pg_mq_rebuild_send, above) sends a value whose type is a domain over bytea, at any
-- depth, as its bytea value; domains over text or xml already went through the text overload, as their text. The check
-- runs only for values that are not bytea, so a bytea send costs what it did, and the generated function keeps V9's
-- rule: no SET clause, every name qualified.
--------------------------------------------------------------------------------------------------------------------

-- Internal: the type a domain is based on, following domains over domains; any other type is its own base.
CREATE FUNCTION pg_mq_base_type(in_type regtype) RETURNS regtype
    LANGUAGE sql STABLE AS $fn$
WITH RECURSIVE chain(type_oid, base) AS (
    SELECT t.oid, t.typbasetype FROM pg_type t WHERE t.oid = in_type
    UNION ALL
    SELECT t.oid, t.typbasetype FROM pg_type t JOIN chain c ON t.oid = c.base
)
SELECT c.type_oid::regtype FROM chain c WHERE c.base = 0
$fn$;

--------------------------------------------------------------------------------------------------------------------
-- A lease lost says what is known.
--
-- Was: an ack, nack or lease extension with a token that did not match raised PQ010 "the lease was lost (now attempt
-- N, claimed again by another consumer)", also when nothing had claimed the message again (a wrong token).
--
-- Now the message says what the row shows: the message is leased under another token (until when, or since when it
-- expired), or it is not leased at all (ready, or waiting for a retry until when), and the hint names both causes a
-- mismatch can have (this lease expired and a later claim took the message; or the token is wrong).
--------------------------------------------------------------------------------------------------------------------

-- Internal: why a message is not held by a lease any more, for PQ010's message (V6's, last case reworded).
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
    ELSIF v_state.lease_token IS NOT NULL THEN
        RAISE EXCEPTION 'channel "%": % of message % failed: the lease token does not match: the message is leased under another token (attempt %, %)',
                in_channel, in_operation, in_msg_id, v_state.attempts,
                CASE WHEN v_state.visible_at > clock_timestamp() THEN format('until %s', v_state.visible_at)
                     ELSE format('which expired at %s', v_state.visible_at) END
            USING ERRCODE = 'PQ010',
                  HINT = 'Either this delivery''s lease expired and a later claim took the message (raise the lease, extend it with pg_mq_extend_lease, or ack sooner), or the token is wrong.';
    ELSE
        RAISE EXCEPTION 'channel "%": % of message % failed: the message is not leased now (% attempts so far; %)',
                in_channel, in_operation, in_msg_id, v_state.attempts,
                CASE WHEN v_state.visible_at > clock_timestamp()
                     THEN format('waiting for its next attempt until %s', v_state.visible_at)
                     ELSE 'ready to be claimed' END
            USING ERRCODE = 'PQ010',
                  HINT = 'Its lease was given back (nacked, released) or expired and was redriven, or it was never claimed with this token.';
    END IF;
END
$fn$;

--------------------------------------------------------------------------------------------------------------------
-- pg_mq_drop_queue refuses while messages are not done, unless forced.
--
-- Was: pg_mq_drop_queue dropped the channel's table with every ready, delayed, leased and dead message in it, without a
-- word (the manifest's drop migrations already refused).
--
-- Now it refuses with PQ007 (new) while the table holds a message that is not done (done: acked on a channel that keeps
-- acked messages, or received at-most-once), saying how many of each kind and how to drain; pg_mq_drop_queue(channel,
-- in_force => true) drops it anyway. The 2012 one-argument call keeps its signature and grants, and refuses the same
-- way. It locks the table first, so no message arrives between the count and the drop.
--------------------------------------------------------------------------------------------------------------------

-- Drops a channel: its table and its catalog row. Refuses (PQ007) while the table holds messages that are not done,
-- unless in_force.
CREATE FUNCTION pg_mq_drop_queue(in_channel text, in_force boolean) RETURNS void
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
    DELETE FROM pg_mq_config_catalog WHERE channel = in_channel;
END
$fn$;

-- Drops a channel (the 2012 call): pg_mq_drop_queue(in_channel, false).
CREATE OR REPLACE FUNCTION pg_mq_drop_queue(in_channel text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER AS $fn$
BEGIN
    PERFORM pg_mq_drop_queue(in_channel, false);
END
$fn$;

REVOKE EXECUTE ON FUNCTION pg_mq_drop_queue(text, boolean) FROM PUBLIC;

-- Roles that may drop channels with the one-argument call may use the new one too.
DO $grants$
DECLARE
    v_role name;
BEGIN
    FOR v_role IN
        SELECT r.rolname FROM pg_proc p CROSS JOIN LATERAL aclexplode(p.proacl) acl JOIN pg_roles r ON r.oid = acl.grantee
         WHERE p.oid = 'pg_mq_drop_queue(text)'::regprocedure AND acl.privilege_type = 'EXECUTE'
           AND acl.grantee <> p.proowner
         ORDER BY r.rolname
    LOOP
        EXECUTE format('GRANT EXECUTE ON FUNCTION pg_mq_drop_queue(text, boolean) TO %I', v_role);
    END LOOP;
END
$grants$;

--------------------------------------------------------------------------------------------------------------------
-- Retention as the receive role (issue 20).
--
-- Was: pg_mq_purge was SECURITY DEFINER with EXECUTE revoked from PUBLIC, so a Consumer running as the manifest's
-- receive role logged "permission denied for function pg_mq_purge" every five minutes and retention never ran; and
-- granting EXECUTE on it would have let a role purge every channel.
--
-- Now pg_mq_purge runs with the caller's privileges and PUBLIC may execute it: it deletes from the channel's table, so
-- it works for exactly the roles that may DELETE there, which pg_mq_grant_receive grants (since V6), and the owner.
-- Other roles get 42501 naming the grant. It touches nothing else: the catalog it reads is readable by everyone.
--------------------------------------------------------------------------------------------------------------------

GRANT EXECUTE ON FUNCTION pg_mq_purge(text, interval, integer) TO PUBLIC;

--------------------------------------------------------------------------------------------------------------------
-- Wake-ups when messages become ready again (issue 15).
--
-- Was: only sends NOTIFY, so a message made ready for a later time by a nack or a fail, or ready now by a release or a
-- redrive, woke no idle consumer: it waited for a poll.
--
-- Now pg_mq_nack and pg_mq_fail (unless the message became a dead letter), pg_mq_release and pg_mq_redrive NOTIFY
-- "<channel>" with each message's msg_id, as a send does, when the channel's notify mode would notify a send: always;
-- when_idle only while a live backend is registered idle on it; never: not at all. A consumer that hears one claims,
-- and if nothing is ready yet it looks up when the earliest message becomes ready (the runtime's Consumer does).
--------------------------------------------------------------------------------------------------------------------

-- Internal: NOTIFY "<channel>" once per msg_id, if the channel's notify mode would notify a send now.
CREATE FUNCTION pg_mq_notify_ready(in_channel text, in_mode text, in_msg_ids bigint[]) RETURNS void
    LANGUAGE plpgsql AS $fn$
BEGIN
    IF in_msg_ids IS NULL OR cardinality(in_msg_ids) = 0 OR in_mode = 'never' THEN
        RETURN;
    END IF;
    IF in_mode = 'when_idle' AND NOT EXISTS (SELECT 1 FROM pg_mq_idle_consumers i
                                              WHERE i.channel = in_channel AND pg_mq_backend_alive(i.backend_pid)) THEN
        RETURN;
    END IF;
    PERFORM pg_notify(in_channel, m.msg_id::text) FROM unnest(in_msg_ids) AS m(msg_id);
END
$fn$;

-- Gives back claimed messages that were never started (V2's, and it NOTIFYs them, above).
CREATE OR REPLACE FUNCTION pg_mq_release(in_channel text, in_msg_ids bigint[], in_lease_tokens uuid[])
    RETURNS TABLE (msg_id bigint)
    LANGUAGE plpgsql AS $fn$
DECLARE
    v_row      pg_mq_config_catalog := pg_mq_channel(in_channel);
    v_released bigint[] := '{}';
BEGIN
    IF cardinality(in_msg_ids) IS DISTINCT FROM cardinality(in_lease_tokens) THEN
        RAISE EXCEPTION 'channel "%": release needs one lease token per message id, got % ids and % tokens', in_channel,
                cardinality(in_msg_ids), cardinality(in_lease_tokens)
            USING ERRCODE = 'PQ005';
    END IF;
    FOR msg_id IN EXECUTE format($sql$
        UPDATE %I.%I q SET lease_token = NULL, visible_at = clock_timestamp(), attempts = q.attempts - 1
          FROM unnest($1, $2) AS a(msg_id, lease_token)
         WHERE q.msg_id = a.msg_id AND q.lease_token = a.lease_token AND NOT q.was_delivered AND q.dead_at IS NULL
        RETURNING q.msg_id$sql$, current_schema(), v_row.table_name)
        USING in_msg_ids, in_lease_tokens
    LOOP
        v_released := v_released || msg_id;
        RETURN NEXT;
    END LOOP;
    PERFORM pg_mq_notify_ready(v_row.channel, v_row.notify_mode, v_released);
END
$fn$;

-- Brings dead letters back (V2's, and it NOTIFYs them, above). Returns the number redriven.
CREATE OR REPLACE FUNCTION pg_mq_redrive(in_channel text, in_msg_ids bigint[] DEFAULT NULL) RETURNS bigint
    LANGUAGE plpgsql AS $fn$
DECLARE
    v_row      pg_mq_config_catalog := pg_mq_channel(in_channel);
    v_redriven bigint[];
BEGIN
    EXECUTE format($sql$
        WITH redriven AS (
            UPDATE %I.%I q SET dead_at = NULL, attempts = 0, lease_token = NULL, visible_at = clock_timestamp()
             WHERE q.dead_at IS NOT NULL AND ($1 IS NULL OR q.msg_id = ANY ($1))
            RETURNING q.msg_id
        )
        SELECT coalesce(array_agg(r.msg_id ORDER BY r.msg_id), '{}') FROM redriven r$sql$,
        current_schema(), v_row.table_name)
       INTO v_redriven USING in_msg_ids;
    PERFORM pg_mq_notify_ready(v_row.channel, v_row.notify_mode, v_redriven);
    RETURN cardinality(v_redriven);
END
$fn$;

SELECT pg_mq_pin_search_path();
SELECT pg_mq_rebuild_send();
