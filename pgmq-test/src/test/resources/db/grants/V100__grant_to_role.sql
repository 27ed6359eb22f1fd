-- A channel migration as pgmq's codegen writes one for a manifest with grants: the role must exist.
SELECT pg_mq_create_queue('granted', 'text');
SELECT pg_mq_grant_send('granted', 'pgmq_test_sender');
