-- pgmq: create channel "order_emails" (text), as declared in channels.yaml.
-- Written by pgmq make-migrations. Do not edit: channels.lock.json records its checksum.

SELECT "pg_mq_create_queue"('order_emails', 'text');
SELECT "pg_mq_alter_channel"('order_emails',
    in_max_attempts => 5,
    in_backoff_base => interval '1 second',
    in_backoff_max => interval '5 minutes',
    in_lease => interval '30 seconds');
