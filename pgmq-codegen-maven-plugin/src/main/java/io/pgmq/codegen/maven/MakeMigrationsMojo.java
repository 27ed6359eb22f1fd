package io.pgmq.codegen.maven;

import io.pgmq.codegen.Codegen;
import io.pgmq.codegen.manifest.ManifestException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Writes the Flyway migrations the manifest needs into the application's migration folder and records them in
 * the lock file. Run by hand ({@code ./mvnw pgmq:make-migrations}), never bound to the build; commit the result.
 */
@Mojo(name = "make-migrations", threadSafe = true)
public final class MakeMigrationsMojo extends MigrationParameters {

    /** Skips the goal. */
    @Parameter(property = "pgmq.skip", defaultValue = "false")
    private boolean skip;

    /** Creates the goal; Maven sets the fields. */
    public MakeMigrationsMojo() {
    }

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("pgmq: make-migrations skipped (pgmq.skip)");
            return;
        }
        List<Path> written;
        try {
            written = Codegen.makeMigrations(settings());
        } catch (ManifestException e) {
            throw new MojoFailureException("pgmq: nothing was written:\n" + e.getMessage(), e);
        } catch (IOException e) {
            throw new MojoExecutionException("pgmq: make-migrations failed: " + e.getMessage(), e);
        }
        if (written.isEmpty()) {
            getLog().info("pgmq: migrations are up to date with " + manifestName());
        }
        for (Path file : written) {
            getLog().info("pgmq: wrote " + file + " (commit it)");
        }
    }
}
