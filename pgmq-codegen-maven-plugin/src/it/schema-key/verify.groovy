// make-migrations vendored the core into schema queues and the test ran against it; generate wrote the JSON Schema
// the manifest's modeline points at
def report = new File(basedir, 'target/surefire-reports/com.acme.it.SchemaKeyTest.txt')
assert report.text.contains('Tests run: 1, Failures: 0, Errors: 0, Skipped: 0') : report.text
def core = new File(basedir, 'src/main/resources/db/migration/pgmq').listFiles().find { it.name.contains('core_v1_core') }
assert core.text.contains('CREATE SCHEMA IF NOT EXISTS "queues";') : core.name
assert new File(basedir, 'src/main/pgmq/channels.lock.json').text.contains('"schema": "queues"')
assert new File(basedir, 'target/pgmq/channels.schema.json').text.contains('"$schema"')
