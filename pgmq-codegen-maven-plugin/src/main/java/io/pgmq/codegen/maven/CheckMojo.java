package io.pgmq.codegen.maven;

import io.pgmq.codegen.Codegen;
import io.pgmq.codegen.manifest.ManifestException;
import java.io.File;
import java.io.IOException;
import java.util.List;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Fails the build when the migrations do not match the manifest: a change with no migration, a generated
 * migration edited or deleted, a core script not vendored, or a version colliding with the application's.
 * Needs no database; meant as the CI gate, bound next to {@code generate}.
 */
@Mojo(name = "check", defaultPhase = LifecyclePhase.PROCESS_SOURCES, threadSafe = true)
public final class CheckMojo extends AbstractMojo {

    /** The channel manifest. */
    @Parameter(property = "pgmq.manifest", defaultValue = "${project.basedir}/src/main/pgmq/channels.yaml",
            required = true)
    private File manifest;

    /** The committed state file recording what was migrated. */
    @Parameter(property = "pgmq.lockFile", defaultValue = "${project.basedir}/src/main/pgmq/channels.lock.json",
            required = true)
    private File lockFile;

    /** Where pgmq writes its migrations. */
    @Parameter(property = "pgmq.migrationDirectory",
            defaultValue = "${project.basedir}/src/main/resources/db/migration/pgmq", required = true)
    private File migrationDirectory;

    /** The application's migration folders, searched with sub-folders for colliding versions. */
    @Parameter(property = "pgmq.migrationRoots", defaultValue = "${project.basedir}/src/main/resources/db/migration")
    private File[] migrationRoots;

    /** Skips the goal. */
    @Parameter(property = "pgmq.check.skip", defaultValue = "false")
    private boolean skip;

    /** Creates the goal; Maven sets the fields. */
    public CheckMojo() {
    }

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("pgmq: check skipped (pgmq.check.skip)");
            return;
        }
        List<String> problems;
        try {
            problems = Codegen.check(MigrationParameters.settings(manifest, lockFile, migrationDirectory,
                    migrationRoots));
        } catch (ManifestException e) {
            throw new MojoFailureException("pgmq: the channel manifest has problems:\n" + e.getMessage(), e);
        } catch (IOException e) {
            throw new MojoExecutionException("pgmq: check failed: " + e.getMessage(), e);
        }
        if (!problems.isEmpty()) {
            throw new MojoFailureException("pgmq: the migrations do not match " + manifest.getName() + ":\n"
                    + String.join("\n", problems));
        }
        getLog().info("pgmq: migrations match " + manifest.getName());
    }
}
