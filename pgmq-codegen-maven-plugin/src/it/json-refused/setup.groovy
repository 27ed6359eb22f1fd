// The committed state: migrations made from the first manifest; then the developer changes the message in ways
// that consumers or queued messages of the first version could not survive.
import io.pgmq.codegen.Codegen
import io.pgmq.codegen.migrate.MigrationSettings
import java.nio.file.Files
import java.nio.file.StandardCopyOption

['src/main/resources/db/migration/pgmq', 'src/main/pgmq', 'target'].each { new File(basedir, it).deleteDir() }
def settings = MigrationSettings.defaults(basedir.toPath())
Files.createDirectories(settings.manifest().parent)
Files.copy(new File(basedir, 'channels-v1.yaml').toPath(), settings.manifest(), StandardCopyOption.REPLACE_EXISTING)
Codegen.makeMigrations(settings)
Files.copy(new File(basedir, 'channels-v2.yaml').toPath(), settings.manifest(), StandardCopyOption.REPLACE_EXISTING)
return true
