-- pgmq: create channel "order_placed" (json of OrderPlaced), as declared in channels.yaml.
-- Written by pgmq make-migrations. Do not edit: channels.lock.json records its checksum.

SELECT "pg_mq_create_queue"('order_placed', 'jsonb');
SELECT "pg_mq_set_json_contract"('order_placed', '{"message":"OrderPlaced","fields":{"coupon":{"type":"string","required":false},"email":{"type":"string","required":true},"lines":{"type":"array","required":true},"order_id":{"type":"number","required":true},"placed_at":{"type":"string","required":true},"total":{"type":"number","required":true}}}'::jsonb);
