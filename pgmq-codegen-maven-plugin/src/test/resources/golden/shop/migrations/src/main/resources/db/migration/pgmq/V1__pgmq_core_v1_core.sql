-- pgmq core script V1__core.sql, vendored from pgmq-schema by pgmq make-migrations.
-- Written by pgmq make-migrations. Do not edit: channels.lock.json records its checksum.
-- Installs into schema "shop", the manifest's schema: key.

CREATE SCHEMA IF NOT EXISTS "shop";
SELECT set_config('pgmq.search_path_before', current_setting('search_path'), true);
SELECT set_config('search_path', '"shop"', true);

-- test fixture: stands in for pgmq-schema V1
CREATE TABLE pg_mq_config_catalog (channel text PRIMARY KEY);

SELECT set_config('search_path', current_setting('pgmq.search_path_before'), true);
