// The committed state, then a hand edit of a generated migration.
import io.pgmq.codegen.Codegen
import io.pgmq.codegen.migrate.MigrationSettings

// Start from the project as committed, also when a rerun without `clean` finds the last run's files.
['src/main/resources/db/migration/pgmq', 'target'].each { new File(basedir, it).deleteDir() }
new File(basedir, 'src/main/pgmq/channels.lock.json').delete()
def settings = MigrationSettings.defaults(basedir.toPath())
def written = Codegen.makeMigrations(settings)
def channel = written.find { it.fileName.toString().contains('create_channel_order_emails') }.toFile()
channel << "SELECT 1; -- a quick fix\n"
new File(basedir, 'edited.txt').text = channel.name
return true
