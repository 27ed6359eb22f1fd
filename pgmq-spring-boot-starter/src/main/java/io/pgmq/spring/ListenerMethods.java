package io.pgmq.spring;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Finds the {@link PgmqListener} methods of every bean as it is initialized; {@link PgmqConsumers} checks and runs
 * them once all beans exist. Thread-safe for Spring's single-threaded context refresh.
 */
final class ListenerMethods implements BeanPostProcessor {

    private final List<ListenerMethod> found = new ArrayList<>();

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        Class<?> target = AopUtils.getTargetClass(bean);
        Map<Method, PgmqListener> annotated = MethodIntrospector.selectMethods(target,
                (MethodIntrospector.MetadataLookup<PgmqListener>) m ->
                        AnnotatedElementUtils.findMergedAnnotation(m, PgmqListener.class));
        annotated.forEach((method, annotation) -> {
            // invoke through the proxy, so that the bean's own advice (metrics, security) still applies
            Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
            ReflectionUtils.makeAccessible(invocable);
            synchronized (found) {
                found.add(new ListenerMethod(beanName, bean, invocable, method, annotation));
            }
        });
        return bean;
    }

    /** The methods found so far, ordered by bean and method name for reproducible start-up logs and errors. */
    List<ListenerMethod> all() {
        synchronized (found) {
            List<ListenerMethod> sorted = new ArrayList<>(found);
            sorted.sort(Comparator.comparing(ListenerMethod::beanName)
                    .thenComparing(ListenerMethod::describe));
            return sorted;
        }
    }

    /**
     * One {@link PgmqListener} method.
     *
     * @param beanName   the bean's name
     * @param bean       the bean, possibly a proxy
     * @param invocable  the method to invoke on {@code bean}
     * @param declared   the method as declared, for messages and its signature
     * @param annotation its annotation
     */
    record ListenerMethod(String beanName, Object bean, Method invocable, Method declared, PgmqListener annotation) {

        /** {@code OrderListeners.onEmail(String)}: where messages point. */
        String describe() {
            StringBuilder text = new StringBuilder(declared.getDeclaringClass().getSimpleName()).append('.')
                    .append(declared.getName()).append('(');
            Class<?>[] types = declared.getParameterTypes();
            for (int i = 0; i < types.length; i++) {
                text.append(i == 0 ? "" : ", ").append(types[i].getSimpleName());
            }
            return text.append(')').toString();
        }
    }
}
