-- test fixture: stands in for pgmq-schema V2
ALTER TABLE pg_mq_config_catalog ADD COLUMN note text;
