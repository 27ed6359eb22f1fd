package io.pgmq.codegen.maven;

import io.pgmq.codegen.Codegen;
import io.pgmq.codegen.manifest.ManifestException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Writes the Flyway migrations the manifest needs into the application's migration folder and records them in
 * the lock file. Run by hand ({@code ./mvnw pgmq:make-migrations}), never bound to the build; commit the result.
 * With {@code -Dpgmq.dryRun=true} it prints what it would write and writes nothing.
 */
@Mojo(name = "make-migrations", threadSafe = true)
public final class MakeMigrationsMojo extends MigrationParameters {

    /** Skips the goal. */
    @Parameter(property = "pgmq.skip", defaultValue = "false")
    private boolean skip;

    /** Prints each migration it would write, and the lock file, instead of writing them. */
    @Parameter(property = "pgmq.dryRun", defaultValue = "false")
    private boolean dryRun;

    /** Creates the goal; Maven sets the fields. */
    public MakeMigrationsMojo() {
    }

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("pgmq: make-migrations skipped (pgmq.skip)");
            return;
        }
        try {
            if (dryRun) {
                Map<Path, String> pending = Codegen.pendingMigrations(settings());
                if (pending.isEmpty()) {
                    getLog().info("pgmq: dry run: migrations are up to date with " + manifestName());
                }
                pending.forEach((file, text) -> getLog().info("pgmq: dry run: would write " + file + ":\n" + text));
                return;
            }
            List<Path> written = Codegen.makeMigrations(settings());
            if (written.isEmpty()) {
                getLog().info("pgmq: migrations are up to date with " + manifestName());
            }
            for (Path file : written) {
                getLog().info("pgmq: wrote " + file + " (commit it)");
            }
        } catch (ManifestException e) {
            throw new MojoFailureException("pgmq: nothing was written:\n" + e.getMessage(), e);
        } catch (IOException e) {
            throw new MojoExecutionException("pgmq: make-migrations failed: " + e.getMessage(), e);
        }
    }
}
