// make-migrations vendored pgmq core up to V12 and created both json channels, the message one with its contract;
// the test ran against them; the message schemas are in the jar
def folder = new File(basedir, 'src/main/resources/db/migration/pgmq')
def names = folder.list().sort()
assert names.any { it ==~ /V\d+__pgmq_core_v12_json_channels\.sql/ } : names
def create = names.find { it.contains('__pgmq_create_channel_order_placed') }
assert create != null : names
def sql = new File(folder, create).text
assert sql.contains("pg_mq_create_queue\"('order_placed', 'jsonb')") : sql
assert sql.contains('pg_mq_set_json_contract') && sql.contains('"email":{"type":"string","required":true}') : sql
def report = new File(basedir, 'target/surefire-reports/com.acme.it.JsonChannelTest.txt')
assert report.text.contains('Tests run: 5, Failures: 0, Errors: 0, Skipped: 0') : report.text
def jar = new java.util.zip.ZipFile(new File(basedir, 'target').listFiles().find { it.name ==~ /json-channel-[^-]+(-SNAPSHOT)?\.jar/ })
assert jar.getEntry('META-INF/pgmq/messages/OrderPlaced.schema.json') != null
jar.close()
def entries = new java.util.zip.ZipFile(new File(basedir, 'target').listFiles().find { it.name ==~ /json-channel-[^-]+(-SNAPSHOT)?\.jar/ }).entries()*.name
assert !entries.any { it.contains('pgmq-generate.stamp') } : entries
