package io.pgmq.bench;

import io.pgmq.codegen.Codegen;
import io.pgmq.codegen.emit.SourceWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The JMH benchmarks behind {@link CodegenBench}, which runs them with the modes, forks and parameters that give
 * them meaning; not meant to be run on their own. Public only because JMH's generated code (in {@code
 * io.pgmq.bench.jmh_generated}) calls it. Each fork is a fresh JVM, so a single shot in a fork times the generator
 * cold, class loading included, as a Maven build without a daemon runs it.
 */
@State(Scope.Benchmark)
public class CodegenJmh {

    /** The manifest file. */
    @Param("")
    public String manifest;

    /** An output folder the manifest was already generated into (for the unchanged rebuild). */
    @Param("")
    public String generated;

    /** A fresh, empty output folder per iteration, under {@link #scratch}; deleted after it. */
    @State(Scope.Thread)
    public static class FreshFolder {

        /** The folder the fresh output folders are made in. */
        @Param("")
        public String scratch;

        Path folder;

        /** Makes the iteration's empty folder. */
        @Setup(Level.Iteration)
        public void create() throws IOException {
            folder = Files.createTempDirectory(Path.of(scratch), "generate-");
        }

        /** Deletes what the iteration generated. */
        @TearDown(Level.Iteration)
        public void delete() throws IOException {
            CodegenBench.deleteTree(folder);
        }
    }

    /** Generates the channel classes into an empty folder. */
    @Benchmark
    public SourceWriter.Result generate(FreshFolder fresh) throws IOException {
        return Codegen.generate(Path.of(manifest), fresh.folder);
    }

    /** Generates again into a folder that already holds the output for the same manifest: nothing to write. */
    @Benchmark
    public SourceWriter.Result unchangedRebuild() throws IOException {
        SourceWriter.Result result = Codegen.generate(Path.of(manifest), Path.of(generated));
        if (result.written() != 0 || result.deleted() != 0) {
            throw new IllegalStateException("an unchanged rebuild changed files: " + result);
        }
        return result;
    }
}
