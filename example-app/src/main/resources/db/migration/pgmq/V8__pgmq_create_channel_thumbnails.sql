-- pgmq: create channel "thumbnails" (bytea), as declared in channels.yaml.
-- Written by pgmq make-migrations. Do not edit: channels.lock.json records its checksum.

SELECT "pg_mq_create_queue"('thumbnails', 'bytea');
