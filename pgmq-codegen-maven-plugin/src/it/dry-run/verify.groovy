def log = new File(basedir, 'build.log').text
assert log.contains('pgmq: dry run: would write ') : log
assert log.contains("SELECT \"pg_mq_set_notify_mode\"('order_emails', 'when_idle');") : log
assert log.contains('__pgmq_create_channel_order_emails.sql:') : log
assert !new File(basedir, 'src/main/resources/db/migration').exists()
assert !new File(basedir, 'src/main/pgmq/channels.lock.json').exists()
assert log.contains('pgmq:make-migrations') && log.contains('pgmq.dryRun') : log
