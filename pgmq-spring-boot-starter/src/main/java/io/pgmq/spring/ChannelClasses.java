package io.pgmq.spring;

import io.pgmq.Channel;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Registers the constants of generated {@code Channels} classes as beans, so that an application injects
 * {@code OrderEmailsChannel} and the startup check sees every channel it uses. The classes are those of
 * {@code pgmq.channel-classes}, else every class named {@code Channels} in the application's packages. Runs once,
 * before any bean is created.
 */
final class ChannelClasses implements BeanDefinitionRegistryPostProcessor, EnvironmentAware, BeanFactoryAware {

    /** Bean names of registered channels start with this, followed by the channel's name. */
    static final String BEAN_PREFIX = "pgmq.channel.";

    private Environment environment;
    private BeanFactory beanFactory;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) throws BeansException {
        ClassLoader loader = ClassUtils.getDefaultClassLoader();
        for (String className : classNames()) {
            Class<?> type;
            try {
                type = ClassUtils.forName(className, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new IllegalStateException("pgmq.channel-classes names " + className + ", which is not on the"
                        + " class path; name the generated Channels class (the manifest's package + .Channels)", e);
            }
            for (Channel<?> channel : constants(type)) {
                String beanName = BEAN_PREFIX + channel.name();
                if (!registry.containsBeanDefinition(beanName)) {
                    RootBeanDefinition definition = new RootBeanDefinition(channel.getClass());
                    definition.setInstanceSupplier(() -> channel);
                    registry.registerBeanDefinition(beanName, definition);
                }
            }
        }
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory factory) throws BeansException {
        // everything happens while definitions are registered
    }

    private Set<String> classNames() {
        List<String> named = Binder.get(environment).bind("pgmq.channel-classes", Bindable.listOf(String.class))
                .orElse(List.of());
        if (!named.isEmpty()) {
            return new LinkedHashSet<>(named);
        }
        Set<String> found = new LinkedHashSet<>();
        if (!AutoConfigurationPackages.has(beanFactory)) {
            return found;
        }
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false,
                environment);
        scanner.addIncludeFilter((reader, factory) -> reader.getClassMetadata().getClassName().endsWith(".Channels"));
        for (String pkg : AutoConfigurationPackages.get(beanFactory)) {
            scanner.findCandidateComponents(pkg).forEach(d -> found.add(d.getBeanClassName()));
        }
        return found;
    }

    /** The public static final {@link Channel} constants of {@code type}, in declaration order. */
    static List<Channel<?>> constants(Class<?> type) {
        List<Channel<?>> channels = new ArrayList<>();
        for (Field field : type.getFields()) {
            int m = field.getModifiers();
            if (Modifier.isStatic(m) && Modifier.isFinal(m) && Channel.class.isAssignableFrom(field.getType())) {
                try {
                    channels.add((Channel<?>) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(type.getName() + "." + field.getName() + " is not readable", e);
                }
            }
        }
        return channels;
    }
}
