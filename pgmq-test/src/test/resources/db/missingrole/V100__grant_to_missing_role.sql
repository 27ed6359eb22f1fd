-- Grants to a role no test creates, as a manifest's grants: would on a fresh server.
SELECT pg_mq_create_queue('ungranted', 'text');
SELECT pg_mq_grant_receive('ungranted', 'pgmq_test_role_nobody_creates');
