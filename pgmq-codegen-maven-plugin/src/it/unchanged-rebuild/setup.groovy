// The first build's output: committed migrations and generated sources, by the same generator the goals run.
// Every file is dated 2001-01-01, so that any rewrite by the build shows in its modification time.
import io.pgmq.codegen.Codegen
import io.pgmq.codegen.migrate.MigrationSettings

// Start from the project as committed, also when a rerun without `clean` finds the last run's files.
['src/main/resources/db/migration/pgmq', 'target'].each { new File(basedir, it).deleteDir() }
new File(basedir, 'src/main/pgmq/channels.lock.json').delete()
def settings = MigrationSettings.defaults(basedir.toPath())
Codegen.makeMigrations(settings)
Codegen.generate(settings, new File(basedir, 'target/generated-sources/pgmq').toPath())
def old = java.time.Instant.parse('2001-01-01T00:00:00Z').toEpochMilli()
['target/generated-sources/pgmq', 'src/main/resources/db/migration/pgmq', 'src/main/pgmq'].each { dir ->
    new File(basedir, dir).eachFileRecurse(groovy.io.FileType.FILES) { it.setLastModified(old) }
}
return true
