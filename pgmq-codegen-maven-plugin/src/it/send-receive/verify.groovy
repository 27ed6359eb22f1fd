// make-migrations wrote pgmq's core and one migration per channel, and the test ran against them
def folder = new File(basedir, 'src/main/resources/db/migration/pgmq')
def names = folder.list().sort()
assert names.any { it ==~ /V\d+__pgmq_core_v1_core\.sql/ } : names
assert names.count { it.contains('__pgmq_create_channel_') } == 3 : names
assert new File(basedir, 'src/main/pgmq/channels.lock.json').isFile()
def report = new File(basedir, 'target/surefire-reports/com.acme.it.SendReceiveTest.txt')
assert report.text.contains('Tests run: 2, Failures: 0, Errors: 0, Skipped: 0') : report.text
