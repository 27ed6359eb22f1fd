package io.pgmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.pgmq.schema.ChannelName;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shared list of channel names ({@code pgmq-schema/src/test/resources/channel-names.tsv}) through the public
 * channel factories: the verdicts the SQL function gives, worded as {@link ChannelName} words them.
 */
class ChannelNameListTest {

    static List<ChannelNameCase> cases() {
        return ChannelNameCase.all();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("cases")
    void channelFactory_givesTheSharedVerdict(ChannelNameCase name) {
        if (name.refusal().isEmpty()) {
            assertThat(TextChannel.of(name.name()).tableName()).isEqualTo(ChannelName.TABLE_PREFIX + name.name());
            return;
        }
        IllegalArgumentException e = catchThrowableOfType(IllegalArgumentException.class,
                () -> ByteaChannel.of(name.name()));

        ChannelName.Invalid expected = ChannelName.problem(name.name()).orElseThrow();
        assertThat(expected.reason()).isEqualTo(name.refusal().get());
        assertThat(e).hasMessage(expected.message() + " \u2014 " + expected.fix());
    }
}
