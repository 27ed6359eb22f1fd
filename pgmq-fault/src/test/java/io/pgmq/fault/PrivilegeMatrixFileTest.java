package io.pgmq.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the privilege matrix's result file that pgmq-test writes. */
class PrivilegeMatrixFileTest {

    @TempDir
    Path dir;

    @Test
    void file_isReadByItsKeys() throws Exception {
        Path f = Files.writeString(dir.resolve("m.properties"),
                "schemas=public,queues\nroles=6\nfunctions=61\ncolumns=12\ncases=1464\npassed=1463\n");
        PrivilegeMatrix m = PrivilegeMatrix.read(f).orElseThrow();
        assertThat(m).isEqualTo(new PrivilegeMatrix(List.of("public", "queues"), 6, 61, 12, 1464, 1463));
        assertThat(m.pass()).isFalse();
    }

    @Test
    void missingFile_isEmpty() throws Exception {
        assertThat(PrivilegeMatrix.read(dir.resolve("absent.properties"))).isEmpty();
    }

    @Test
    void missingKey_namesTheKeyAndTheCommand() throws Exception {
        Path f = Files.writeString(dir.resolve("m.properties"), "schemas=public,queues\nroles=6\n");
        assertThatThrownBy(() -> PrivilegeMatrix.read(f))
                .hasMessageContaining("key \"functions\" should be a count, was missing")
                .hasMessageContaining(PrivilegeMatrix.COMMAND);
    }

    @Test
    void missingSchemas_sayWhatTheKeyHolds() throws Exception {
        Path f = Files.writeString(dir.resolve("m.properties"),
                "roles=6\nfunctions=61\ncolumns=12\ncases=1464\npassed=1463\n");
        assertThatThrownBy(() -> PrivilegeMatrix.read(f))
                .hasMessageContaining("key \"schemas\" should name the schemas")
                .hasMessageContaining(PrivilegeMatrix.COMMAND);
    }
}
