// The committed state: migrations made from the first manifest, and a consumer built from it (its generated classes,
// package com.acme.it.old, kept as test sources); then the developer makes allowed changes to the message.
import io.pgmq.codegen.Codegen
import io.pgmq.codegen.migrate.MigrationSettings
import java.nio.file.Files
import java.nio.file.StandardCopyOption

['src/main/resources/db/migration/pgmq', 'src/main/pgmq', 'target', 'src/test/java/com/acme/it/old'].each {
    new File(basedir, it).deleteDir()
}
def settings = MigrationSettings.defaults(basedir.toPath())
Files.createDirectories(settings.manifest().parent)
Files.copy(new File(basedir, 'channels-v1.yaml').toPath(), settings.manifest(), StandardCopyOption.REPLACE_EXISTING)
Codegen.makeMigrations(settings)
def generated = new File(basedir, 'target/old-consumer').toPath()
Codegen.generate(settings, generated)
def old = new File(basedir, 'src/test/java/com/acme/it/old')
old.mkdirs()
generated.resolve('com/acme/it/old').toFile().eachFile { Files.copy(it.toPath(), new File(old, it.name).toPath()) }
Files.copy(new File(basedir, 'channels-v2.yaml').toPath(), settings.manifest(), StandardCopyOption.REPLACE_EXISTING)
return true
