-- pgmq: create channel "order_shipments" (text), as declared in channels.yaml.
-- Written by pgmq make-migrations. Do not edit: channels.lock.json records its checksum.

SELECT "pg_mq_create_queue"('order_shipments', 'text');
SELECT "pg_mq_alter_channel"('order_shipments',
    in_max_attempts => 3);
