-- pgmq: create channel "legacy_events" (json), as declared in channels.yaml.
-- Written by pgmq make-migrations. Do not edit: channels.lock.json records its checksum.

SELECT "pg_mq_create_queue"('legacy_events', 'jsonb');
