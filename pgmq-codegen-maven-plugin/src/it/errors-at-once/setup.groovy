// The committed state: migrations and classes made from the first manifest; then the developer changes a channel's
// type and, elsewhere, misspells a key.
import io.pgmq.codegen.Codegen
import io.pgmq.codegen.migrate.MigrationSettings
import java.nio.file.Files
import java.nio.file.StandardCopyOption

// Start from the project as committed, also when a rerun without `clean` finds the last run's files.
['src/main/resources/db/migration/pgmq', 'src/main/pgmq', 'target'].each { new File(basedir, it).deleteDir() }
def settings = MigrationSettings.defaults(basedir.toPath())
Files.createDirectories(settings.manifest().parent)
Files.copy(new File(basedir, 'channels-v1.yaml').toPath(), settings.manifest(), StandardCopyOption.REPLACE_EXISTING)
Codegen.makeMigrations(settings)
Codegen.generate(settings, new File(basedir, 'target/generated-sources/pgmq').toPath())
Files.copy(new File(basedir, 'channels-v2.yaml').toPath(), settings.manifest(), StandardCopyOption.REPLACE_EXISTING)
return true
