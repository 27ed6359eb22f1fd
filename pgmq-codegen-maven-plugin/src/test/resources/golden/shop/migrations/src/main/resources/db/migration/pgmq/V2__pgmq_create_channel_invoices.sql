-- pgmq: create channel "invoices" (xml), as declared in channels.yaml.
-- Written by pgmq make-migrations. Do not edit: channels.lock.json records its checksum.

SELECT "shop"."pg_mq_create_queue"('invoices', 'xml');
SELECT "shop"."pg_mq_alter_channel"('invoices',
    in_keep_acked => true);
