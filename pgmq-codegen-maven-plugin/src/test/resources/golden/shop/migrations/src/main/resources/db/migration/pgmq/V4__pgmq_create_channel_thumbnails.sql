-- pgmq: create channel "thumbnails" (bytea), as declared in channels.yaml.
-- Written by pgmq make-migrations. Do not edit: channels.lock.json records its checksum.

SELECT "shop"."pg_mq_create_queue"('thumbnails', 'bytea');
SELECT "shop"."pg_mq_set_fillfactor"('thumbnails', 100);
SELECT "shop"."pg_mq_set_retention"('thumbnails', in_retention => interval '12 hours');
