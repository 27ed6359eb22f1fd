-- pgmq: create channel "order_emails" (text), as declared in channels.yaml.
-- Written by pgmq make-migrations. Do not edit: channels.lock.json records its checksum.

SELECT "shop"."pg_mq_create_queue"('order_emails', 'text');
SELECT "shop"."pg_mq_grant_send"('order_emails', 'shop_app');
SELECT "shop"."pg_mq_grant_receive"('order_emails', 'mailer');
SELECT "shop"."pg_mq_grant_receive"('order_emails', 'o''brien');
SELECT "shop"."pg_mq_alter_channel"('order_emails',
    in_max_attempts => 5,
    in_backoff_base => interval '1 second',
    in_backoff_max => interval '5 minutes',
    in_lease => interval '30 seconds',
    in_keep_acked => false);
SELECT "shop"."pg_mq_set_retention"('order_emails', in_retention => interval '3 days', in_dead_retention => interval '14 days');
SELECT "shop"."pg_mq_set_notify_mode"('order_emails', 'when_idle');
