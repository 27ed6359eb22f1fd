-- test fixture: stands in for pgmq-schema V1
CREATE TABLE pg_mq_config_catalog (channel text PRIMARY KEY);
