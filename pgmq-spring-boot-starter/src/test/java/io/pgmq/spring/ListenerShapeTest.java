package io.pgmq.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgmq.Delivery;
import io.pgmq.LockedDelivery;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import org.jooq.XML;
import org.junit.jupiter.api.Test;

class ListenerShapeTest {

    @SuppressWarnings("unused")
    static class Signatures {
        void payload(String p) {
        }

        void xml(XML p) {
        }

        void bytes(byte[] p) {
        }

        void delivery(Delivery<String> d) {
        }

        void locked(LockedDelivery<XML> d) {
        }

        void payloads(List<byte[]> p) {
        }

        void deliveries(List<Delivery<String>> d) {
        }

        @SuppressWarnings("rawtypes")
        void rawList(List p) {
        }

        void lockedList(List<LockedDelivery<String>> d) {
        }

        void none() {
        }

        String returns(String p) {
            return p;
        }

        void primitive(int p) {
        }
    }

    @Test
    void shapes_readTheKindAndThePayloadTypeFromTheSignature() {
        assertThat(shape("payload")).isEqualTo(new ListenerShape(ListenerShape.Kind.PAYLOAD, String.class));
        assertThat(shape("xml")).isEqualTo(new ListenerShape(ListenerShape.Kind.PAYLOAD, XML.class));
        assertThat(shape("bytes")).isEqualTo(new ListenerShape(ListenerShape.Kind.PAYLOAD, byte[].class));
        assertThat(shape("delivery")).isEqualTo(new ListenerShape(ListenerShape.Kind.DELIVERY, String.class));
        assertThat(shape("locked")).isEqualTo(new ListenerShape(ListenerShape.Kind.LOCKED_DELIVERY, XML.class));
        assertThat(shape("payloads")).isEqualTo(new ListenerShape(ListenerShape.Kind.PAYLOAD_LIST, byte[].class));
        assertThat(shape("deliveries")).isEqualTo(new ListenerShape(ListenerShape.Kind.DELIVERY_LIST, String.class));
        assertThat(shape("deliveries").describe()).isEqualTo("List<Delivery<String>>");
    }

    @Test
    void unservableSignatures_sayWhatIsWrong() {
        assertThatThrownBy(() -> shape("rawList")).hasMessageContaining("takes a List without its element type");
        assertThatThrownBy(() -> shape("lockedList")).hasMessageContaining("handles one message per call");
        assertThatThrownBy(() -> shape("none")).hasMessageContaining("takes 0 parameters; a listener takes one");
        assertThatThrownBy(() -> shape("returns")).hasMessageContaining("returns String; a listener returns void");
        assertThatThrownBy(() -> shape("primitive"))
                .hasMessageContaining("takes the primitive int; take the channel's payload type");
    }

    private static ListenerShape shape(String name) {
        Method method = Arrays.stream(Signatures.class.getDeclaredMethods()).filter(m -> m.getName().equals(name))
                .findFirst().orElseThrow();
        return ListenerShape.of(method);
    }
}
