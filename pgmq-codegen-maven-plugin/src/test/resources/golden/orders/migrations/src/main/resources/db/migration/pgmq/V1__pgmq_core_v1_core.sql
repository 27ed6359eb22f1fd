-- pgmq core script V1__core.sql, vendored from pgmq-schema by pgmq make-migrations.
-- Written by pgmq make-migrations. Do not edit: channels.lock.json records its checksum.

-- test fixture: stands in for pgmq-schema V1
CREATE TABLE pg_mq_config_catalog (channel text PRIMARY KEY);
