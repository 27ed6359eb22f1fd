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
}
