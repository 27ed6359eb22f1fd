package io.pgmq;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;

/**
 * Jackson is optional: without it on the class path, {@link JsonCodec#jackson} says which dependency to add. The
 * runtime's classes are loaded by a class loader that sees nothing but them and the JDK.
 */
class JsonCodecWithoutJacksonTest {

    @Test
    void jackson_withoutJacksonOnTheClassPath_namesTheDependencyToAdd() throws Exception {
        URL runtimeClasses = JsonCodec.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {runtimeClasses},
                ClassLoader.getPlatformClassLoader())) {
            Class<?> codec = loader.loadClass(JsonCodec.class.getName());
            assertThat(loader.loadClass(JsonCodec.class.getName())).isNotSameAs(JsonCodec.class);

            Throwable thrown = null;
            try {
                codec.getMethod("jackson", Class.class).invoke(null, String.class);
            } catch (InvocationTargetException e) {
                thrown = e.getCause();
            }

            assertThat(thrown).isInstanceOf(IllegalStateException.class)
                    .hasMessage("JsonCodec.jackson(String.class) needs Jackson 3 on the class path, which pgmq-runtime"
                            + " declares optional: add the dependency tools.jackson.core:jackson-databind:3.3.0 to"
                            + " your build, or pass a JsonCodec of your own to JsonChannel.of");
        }
    }
}
