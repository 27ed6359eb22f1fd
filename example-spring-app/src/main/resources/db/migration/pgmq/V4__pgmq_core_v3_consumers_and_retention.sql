-- pgmq core script V3__consumers_and_retention.sql, vendored from pgmq-schema by pgmq make-migrations.
-- Written by pgmq make-migrations. Do not edit: channels.lock.json records its checksum.

-- pgmq core, version 3: retention (deleting finished messages in bounded batches) and queue health
-- (the pg_mq_channel_stats view).
--
-- Retention ages a finished message from sent_at (acked or received: the shape has no delivered_at column, and
-- adding one would mean altering every queue table; sent_at is close enough for "keep a week") and a dead letter
-- from dead_at, so a dead letter keeps its own, usually longer, retention after it died.

ALTER TABLE pg_mq_config_catalog
    ADD COLUMN retention      interval NOT NULL DEFAULT '7 days'  CHECK (retention > interval '0'),
    ADD COLUMN dead_retention interval NOT NULL DEFAULT '30 days' CHECK (dead_retention > interval '0');

-- Changes how long a channel keeps finished messages (in_retention, from sent_at) and dead letters
-- (in_dead_retention, from dead_at); a NULL argument leaves that setting as it is.
CREATE FUNCTION pg_mq_set_retention(in_channel text, in_retention interval DEFAULT NULL,
                                    in_dead_retention interval DEFAULT NULL)
    RETURNS pg_mq_config_catalog
    LANGUAGE plpgsql SECURITY DEFINER AS $fn$
DECLARE
    v_row pg_mq_config_catalog := pg_mq_channel(in_channel);
BEGIN
    IF in_retention IS NOT NULL AND in_retention <= interval '0' THEN
        RAISE EXCEPTION 'channel "%": retention must be positive, was %', in_channel, in_retention
            USING ERRCODE = 'PQ005', HINT = 'Pass an interval such as ''7 days''.';
    END IF;
    IF in_dead_retention IS NOT NULL AND in_dead_retention <= interval '0' THEN
        RAISE EXCEPTION 'channel "%": dead letter retention must be positive, was %', in_channel, in_dead_retention
            USING ERRCODE = 'PQ005', HINT = 'Pass an interval such as ''30 days''.';
    END IF;
    UPDATE pg_mq_config_catalog c
       SET retention      = coalesce(in_retention, c.retention),
           dead_retention = coalesce(in_dead_retention, c.dead_retention)
     WHERE c.channel = in_channel
    RETURNING * INTO v_row;
    RETURN v_row;
END
$fn$;

-- Deletes up to in_batch_size finished messages of a channel: acked or received ones sent more than in_older_than
-- ago, and dead letters dead for more than in_older_than. A NULL in_older_than uses the channel's settings
-- (retention for finished messages, dead_retention for dead letters). Returns the number deleted; call it again,
-- each call in its own transaction, until it returns less than in_batch_size. One call never deletes more than
-- one batch, so a purge never holds many row locks or builds one huge transaction, and ready or leased messages
-- are never touched. Rows another transaction holds are skipped (SKIP LOCKED): the purge never waits.
--
-- SECURITY DEFINER because receivers are granted SELECT and UPDATE, not DELETE; EXECUTE is revoked from PUBLIC:
-- grant it to the role that runs the runtime's purge.
CREATE FUNCTION pg_mq_purge(in_channel text, in_older_than interval DEFAULT NULL, in_batch_size integer DEFAULT 1000)
    RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER AS $fn$
DECLARE
    v_row   pg_mq_config_catalog := pg_mq_channel(in_channel);
    v_count bigint;
BEGIN
    IF in_older_than IS NOT NULL AND in_older_than < interval '0' THEN
        RAISE EXCEPTION 'channel "%": older_than must not be negative, was %', in_channel, in_older_than
            USING ERRCODE = 'PQ005';
    END IF;
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

-- Internal: the health numbers of one channel, behind the pg_mq_channel_stats view. One scan of the table.
-- SECURITY DEFINER so that a monitoring role reads counts (never payloads) without SELECT on the queue tables,
-- as pg_stat_user_tables shows row counts to everyone.
--   ready    claimable now (includes expired leases)      leased   claimed, lease not yet expired
--   delayed  waiting for a delayed send or a nack backoff  dead     dead letters
--   done     acked or received, kept until retention
CREATE FUNCTION pg_mq_channel_stats_of(in_channel text)
    RETURNS TABLE (ready bigint, leased bigint, delayed bigint, dead bigint, done bigint,
                   oldest_ready_age interval, table_bytes bigint, dead_tuples bigint)
    LANGUAGE plpgsql STABLE SECURITY DEFINER AS $fn$
DECLARE
    v_row   pg_mq_config_catalog := pg_mq_channel(in_channel);
    v_table regclass := to_regclass(format('%I.%I', current_schema(), v_row.table_name));
BEGIN
    IF v_table IS NULL THEN
        RAISE EXCEPTION 'channel "%": its table "%" is missing', in_channel, v_row.table_name
            USING ERRCODE = 'PQ001', HINT = 'Restore the table, or remove the channel with pg_mq_drop_queue.';
    END IF;
    RETURN QUERY EXECUTE format($sql$
        SELECT count(*) FILTER (WHERE open AND visible_at <= now()),
               count(*) FILTER (WHERE open AND visible_at > now() AND lease_token IS NOT NULL),
               count(*) FILTER (WHERE open AND visible_at > now() AND lease_token IS NULL),
               count(*) FILTER (WHERE dead_at IS NOT NULL),
               count(*) FILTER (WHERE was_delivered),
               now() - min(sent_at) FILTER (WHERE open AND visible_at <= now()),
               pg_total_relation_size($1),
               pg_stat_get_dead_tuples($1)
          FROM (SELECT q.*, NOT q.was_delivered AND q.dead_at IS NULL AS open FROM %s q) t$sql$, v_table)
      USING v_table;
END
$fn$;

-- Queue health, one row per channel. oldest_ready_age is NULL when nothing is ready; table_bytes includes
-- indexes and TOAST; dead_tuples is the statistics collector's estimate (autovacuum's input).
CREATE VIEW pg_mq_channel_stats AS
SELECT c.channel, c.payload_type, s.ready, s.leased, s.delayed, s.dead, s.done, s.oldest_ready_age,
       s.table_bytes, s.dead_tuples
  FROM pg_mq_config_catalog c
 CROSS JOIN LATERAL pg_mq_channel_stats_of(c.channel) s;
COMMENT ON VIEW pg_mq_channel_stats IS 'pgmq: per channel, messages ready, leased, delayed, dead and done, the age of the oldest ready message, table size and dead tuples.';
GRANT SELECT ON pg_mq_channel_stats TO PUBLIC;

REVOKE EXECUTE ON FUNCTION
    pg_mq_set_retention(text, interval, interval), pg_mq_purge(text, interval, integer)
  FROM PUBLIC;

SELECT pg_mq_pin_search_path();
