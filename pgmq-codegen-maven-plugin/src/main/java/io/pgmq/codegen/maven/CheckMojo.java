package io.pgmq.codegen.maven;

import io.pgmq.codegen.Codegen;
import io.pgmq.codegen.manifest.ManifestException;
import java.io.IOException;
import java.util.List;
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
public final class CheckMojo extends MigrationParameters {

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
            problems = Codegen.check(settings());
        } catch (ManifestException e) {
            throw new MojoFailureException("pgmq: the channel manifest has problems:\n" + e.getMessage(), e);
        } catch (IOException e) {
            throw new MojoExecutionException("pgmq: check failed: " + e.getMessage(), e);
        }
        if (!problems.isEmpty()) {
            throw new MojoFailureException("pgmq: the migrations do not match " + manifestName() + ":\n"
                    + String.join("\n", problems));
        }
        getLog().info("pgmq: migrations match " + manifestName());
    }
}
