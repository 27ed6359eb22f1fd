// The committed state: migrations made from the first manifest (as `./mvnw pgmq:make-migrations` would), kept in
// target/before for comparison; then the developer adds a channel to the manifest.
import io.pgmq.codegen.Codegen
import io.pgmq.codegen.migrate.MigrationSettings
import java.nio.file.Files
import java.nio.file.StandardCopyOption

// Start from the project as committed, also when a rerun without `clean` finds the last run's files.
['src/main/resources/db/migration/pgmq', 'target'].each { new File(basedir, it).deleteDir() }
new File(basedir, 'src/main/pgmq/channels.lock.json').delete()
def settings = MigrationSettings.defaults(basedir.toPath())
Files.createDirectories(settings.manifest().parent)
Files.copy(new File(basedir, 'channels-v1.yaml').toPath(), settings.manifest(), StandardCopyOption.REPLACE_EXISTING)
Codegen.makeMigrations(settings)
def before = new File(basedir, 'target/before').toPath()
Files.createDirectories(before)
settings.migrationDirectory().toFile().eachFile { f ->
    Files.copy(f.toPath(), before.resolve(f.name), StandardCopyOption.COPY_ATTRIBUTES)
}
Files.copy(new File(basedir, 'channels-v2.yaml').toPath(), settings.manifest(), StandardCopyOption.REPLACE_EXISTING)
return true
