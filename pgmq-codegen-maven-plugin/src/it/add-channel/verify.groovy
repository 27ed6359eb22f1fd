// check named the channel, its line and the command; make-migrations appended exactly one migration and left the
// committed ones byte-identical
def log = new File(basedir, 'build.log').text
assert log.contains('channel `invoices` (src/main/pgmq/channels.yaml:4) has no migration; run `./mvnw pgmq:make-migrations` and commit the new file') : log
def before = new File(basedir, 'target/before')
def after = new File(basedir, 'src/main/resources/db/migration/pgmq')
def added = after.list().toList() - before.list().toList()
assert added.size() == 1 : added
assert added[0] ==~ /V\d+__pgmq_create_channel_invoices\.sql/ : added
before.eachFile { f ->
    assert new File(after, f.name).bytes == f.bytes : "${f.name} changed"
}
assert log.contains('pgmq: migrations match channels.yaml')
