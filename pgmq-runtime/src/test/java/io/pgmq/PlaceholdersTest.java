package io.pgmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PlaceholdersTest {

    @Test
    void numberedParametersInOrder_becomeQuestionMarks() {
        assertThat(Placeholders.toJdbc("SELECT $1::text, x FROM t LIMIT $2::integer", 2))
                .isEqualTo("SELECT ?::text, x FROM t LIMIT ?::integer");
    }

    @Test
    void parameterOutOfOrder_isRefusedNamingTheMismatch() {
        assertThatThrownBy(() -> Placeholders.toJdbc("SELECT $2, $1", 2))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("pgmq statement has parameter $2 where $1 was expected")
                .hasMessageContaining("migrate the database");
    }

    @Test
    void parameterUsedTwice_isRefused() {
        assertThatThrownBy(() -> Placeholders.toJdbc("SELECT $1, $1", 1))
                .hasMessageStartingWith("pgmq statement has parameter $1 where $2 was expected");
    }

    @Test
    void wrongParameterCount_isRefused() {
        assertThatThrownBy(() -> Placeholders.toJdbc("SELECT $1", 3))
                .hasMessageStartingWith("pgmq statement has 1 parameters where 3 were expected");
    }

    @Test
    void batchedStatement_writesAnyBatchSizeWhereTheTextsForOneAndTwoDiffer() {
        Placeholders.Batched claim = Placeholders.batched("SELECT x FROM t WHERE c = $1 LIMIT 1 FOR UPDATE",
                "SELECT x FROM t WHERE c = $1 LIMIT 2 FOR UPDATE", 1);

        assertThat(claim.forBatch(100)).isEqualTo("SELECT x FROM t WHERE c = ? LIMIT 100 FOR UPDATE");
    }

    @Test
    void batchedStatement_differingInMoreThanTheBatchSize_isRefused() {
        assertThatThrownBy(() -> Placeholders.batched("SELECT 1 FROM t LIMIT 1", "SELECT 2 FROM t LIMIT 2", 0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("pgmq statement for batches of 1 and 2 differs in more than the batch size")
                .hasMessageContaining("migrate the database");
        assertThatThrownBy(() -> Placeholders.batched("SELECT x LIMIT 10", "SELECT x LIMIT 20", 0))
                .hasMessageStartingWith("pgmq statement for batches of 1 and 2 differs in more than the batch size");
    }
}
