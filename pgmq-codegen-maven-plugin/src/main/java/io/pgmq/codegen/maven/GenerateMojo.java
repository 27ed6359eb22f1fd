package io.pgmq.codegen.maven;

import io.pgmq.codegen.Codegen;
import io.pgmq.codegen.emit.SourceWriter;
import io.pgmq.codegen.manifest.ManifestException;
import java.io.File;
import java.io.IOException;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Generates one typed channel class per manifest channel, and {@code Channels}, into a source folder added to
 * the compile sources. Needs no database; rewrites nothing when nothing changed.
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true)
public final class GenerateMojo extends AbstractMojo {

    /** The channel manifest. */
    @Parameter(property = "pgmq.manifest", defaultValue = "${project.basedir}/src/main/pgmq/channels.yaml",
            required = true)
    private File manifest;

    /** Where the Java sources go; added as a compile source root. */
    @Parameter(property = "pgmq.outputDirectory",
            defaultValue = "${project.build.directory}/generated-sources/pgmq", required = true)
    private File outputDirectory;

    /** Skips the goal. */
    @Parameter(property = "pgmq.skip", defaultValue = "false")
    private boolean skip;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    /** Creates the goal; Maven sets the fields. */
    public GenerateMojo() {
    }

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("pgmq: generate skipped (pgmq.skip)");
            return;
        }
        try {
            SourceWriter.Result result = Codegen.generate(manifest.toPath(), outputDirectory.toPath());
            getLog().info("pgmq: " + result.written() + " file(s) written, " + result.unchanged() + " unchanged, "
                    + result.deleted() + " deleted in " + outputDirectory);
        } catch (ManifestException e) {
            throw new MojoFailureException("pgmq: the channel manifest has problems:\n" + e.getMessage(), e);
        } catch (IOException e) {
            throw new MojoExecutionException("pgmq: cannot generate from " + manifest + ": " + e.getMessage(), e);
        }
        project.addCompileSourceRoot(outputDirectory.getAbsolutePath());
    }
}
