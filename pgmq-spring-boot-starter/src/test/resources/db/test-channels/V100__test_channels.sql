-- The starter tests' channels, migrated by Boot's Flyway after pgmq's core (classpath:db/pgmq).
SELECT "pg_mq_create_queue"('sends', 'text');
SELECT "pg_mq_create_queue"('audit', 'text');
SELECT "pg_mq_create_queue"('failing', 'text');
SELECT "pg_mq_alter_channel"('failing', in_max_attempts => 2, in_backoff_base => interval '100 milliseconds',
                             in_backoff_max => interval '100 milliseconds');
SELECT "pg_mq_create_queue"('slow', 'text');
SELECT "pg_mq_create_queue"('idle', 'text');
SELECT "pg_mq_create_queue"('documents', 'xml');
SELECT "pg_mq_create_queue"('batch_orders', 'text');
SELECT "pg_mq_create_queue"('order_placed', 'jsonb');
-- ready before any consumer starts, so that the first claim shows the batch size in force
SELECT "pg_mq_send_message"('batch_orders', v) FROM unnest(ARRAY['b1', 'b2', 'b3', 'b4', 'b5']::text[]) AS v;

CREATE TABLE audit_log (
    payload text PRIMARY KEY
);
