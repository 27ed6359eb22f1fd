// The build compiled the sources but rewrote none of them, nor any migration or the lock file.
def old = java.time.Instant.parse('2001-01-01T00:00:00Z').toEpochMilli()
def files = []
['target/generated-sources/pgmq', 'src/main/resources/db/migration/pgmq', 'src/main/pgmq'].each { dir ->
    new File(basedir, dir).eachFileRecurse(groovy.io.FileType.FILES) { files << it }
}
assert files.size() >= 6 : files
files.each { assert it.lastModified() == old : "${it} was rewritten" }
def log = new File(basedir, 'build.log').text
assert log.contains('pgmq: 0 file(s) written, 3 unchanged, 0 deleted') : log
assert new File(basedir, 'target/classes/com/acme/it/channels/InvoicesChannel.class').isFile()
