package io.pgmq.codegen.maven;

import io.pgmq.codegen.Codegen;
import io.pgmq.codegen.emit.SourceWriter;
import io.pgmq.codegen.manifest.ManifestException;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.model.Resource;
import org.apache.maven.project.MavenProject;

/**
 * Generates one typed channel class per manifest channel, and {@code Channels}, into a source folder added to
 * the compile sources, and writes the manifest's JSON Schema for editors. Needs no database; rewrites nothing when
 * nothing changed; writes no class when the lock file refuses a change (a new payload type, another schema).
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true)
public final class GenerateMojo extends MigrationParameters {

    /** Where the Java sources go; added as a compile source root. */
    @Parameter(property = "pgmq.outputDirectory",
            defaultValue = "${project.build.directory}/generated-sources/pgmq", required = true)
    private File outputDirectory;

    /**
     * Where each message's JSON Schema goes ({@code META-INF/pgmq/messages/<Message>.schema.json}); added as a
     * resource folder, so the schemas land in the jar for producers in other languages.
     */
    @Parameter(property = "pgmq.resourceDirectory",
            defaultValue = "${project.build.directory}/generated-resources/pgmq", required = true)
    private File resourceDirectory;

    /** Where the manifest's JSON Schema goes, for the editor modeline {@code $schema=../../../target/pgmq/...}. */
    @Parameter(property = "pgmq.schemaFile", defaultValue = "${project.build.directory}/pgmq/channels.schema.json",
            required = true)
    private File schemaFile;

    /** Skips the goal. */
    @Parameter(property = "pgmq.skip", defaultValue = "false")
    private boolean skip;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    /** Creates the goal; Maven sets the fields. */
    public GenerateMojo() {
    }

    /**
     * A channel with a {@code rabbitmq} gateway gets a builder method on pgmq-rabbitmq's types: refuse the build, with
     * the fix, before javac says that a package does not exist.
     */
    private void requireGatewayModule() throws MojoFailureException, MojoExecutionException {
        boolean declared = project.getDependencies().stream()
                .anyMatch(d -> "io.pgmq".equals(d.getGroupId()) && "pgmq-rabbitmq".equals(d.getArtifactId()));
        if (declared || !outputDirectory.isDirectory()) {
            return;
        }
        try (Stream<Path> files = Files.walk(outputDirectory.toPath())) {
            List<String> users = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> {
                        try {
                            return Files.readString(f).contains("import io.pgmq.rabbitmq.");
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .map(f -> f.getFileName().toString())
                    .sorted()
                    .toList();
            if (!users.isEmpty()) {
                throw new MojoFailureException("pgmq: " + manifestName() + " declares a rabbitmq gateway, so "
                        + String.join(", ", users) + " use(s) pgmq-rabbitmq, which this project does not depend on:"
                        + " add the dependency io.pgmq:pgmq-rabbitmq (its version from pgmq-bom), or remove the"
                        + " rabbitmq block");
            }
        } catch (IOException | UncheckedIOException e) {
            throw new MojoExecutionException("pgmq: cannot read the generated sources in " + outputDirectory, e);
        }
    }

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("pgmq: generate skipped (pgmq.skip)");
            return;
        }
        try {
            Codegen.writeSchema(schemaFile.toPath());
            SourceWriter.Result result = Codegen.generate(settings(), outputDirectory.toPath(),
                    resourceDirectory.toPath());
            getLog().info("pgmq: " + result.written() + " file(s) written, " + result.unchanged() + " unchanged, "
                    + result.deleted() + " deleted in " + outputDirectory);
        } catch (ManifestException e) {
            throw new MojoFailureException("pgmq: the channel manifest has problems:\n" + e.getMessage(), e);
        } catch (IOException e) {
            throw new MojoExecutionException("pgmq: cannot generate from " + manifestName() + ": " + e.getMessage(), e);
        }
        requireGatewayModule();
        project.addCompileSourceRoot(outputDirectory.getAbsolutePath());
        String resources = resourceDirectory.getAbsolutePath();
        if (project.getResources().stream().noneMatch(r -> resources.equals(r.getDirectory()))) {
            Resource resource = new Resource();
            resource.setDirectory(resources);
            resource.addExclude(Codegen.GENERATE_STAMP);
            project.addResource(resource);
        }
    }
}
