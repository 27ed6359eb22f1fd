package io.pgmq.codegen.emit;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.pgmq.codegen.manifest.ChannelManifest;
import io.pgmq.codegen.manifest.ChannelSettings;
import io.pgmq.codegen.manifest.ChannelSpec;
import io.pgmq.codegen.manifest.GatewayDirection;
import io.pgmq.codegen.manifest.MessageSpec;
import io.pgmq.codegen.manifest.PayloadType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/**
 * Emits the Java sources for a manifest: one {@code <UpperCamel>Channel} class per active channel, extending the
 * runtime's {@code TextChannel}, {@code XmlChannel}, {@code ByteaChannel} or {@code JsonChannel<T>}, a
 * {@code Channels} class with one constant per channel, and per message a record and a codec (see
 * {@link MessageEmitter}).
 *
 * <p>Deterministic: the same manifest and plugin version give byte-identical files (channels sorted by name, no
 * timestamps, no absolute paths, LF endings). Stateless and thread-safe.
 */
public final class JavaEmitter {

    /** The {@code value} of every {@code @Generated} annotation this emitter writes. */
    public static final String GENERATOR = "io.pgmq.codegen";

    /** The package of the runtime's channel base classes. */
    static final String RUNTIME_PACKAGE = "io.pgmq";

    /** The schema passed to channels when the manifest names none. */
    public static final String DEFAULT_SCHEMA = "public";

    private static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");
    /** pgmq-rabbitmq's package, which a channel with a {@code rabbitmq} gateway needs on the class path. */
    static final String RABBITMQ_PACKAGE = "io.pgmq.rabbitmq";
    private static final ClassName DATA_SOURCE = ClassName.get("javax.sql", "DataSource");
    private static final ClassName AMQP_FACTORY = ClassName.get("com.rabbitmq.client", "ConnectionFactory");
    private static final int DEFAULT_GATEWAY_BATCH = 100;

    private JavaEmitter() {
    }

    /**
     * Emits the sources.
     *
     * @param manifest the validated manifest
     * @param pluginVersion the version written into {@code @Generated}, e.g. {@code 0.1.0}
     * @return the files, sorted by path
     */
    public static List<GeneratedFile> emit(ChannelManifest manifest, String pluginVersion) {
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(pluginVersion, "pluginVersion");
        AnnotationSpec generated = AnnotationSpec.builder(GENERATED)
                .addMember("value", "$S", GENERATOR)
                .addMember("comments", "$S", "pgmq " + pluginVersion)
                .build();
        List<GeneratedFile> files = new ArrayList<>();
        for (ChannelSpec channel : manifest.activeChannels()) {
            files.add(file(manifest.javaPackage(), channelClass(manifest.javaPackage(), channel, generated)));
        }
        if (!manifest.messages().isEmpty()) {
            MessageEmitter messages = new MessageEmitter(manifest.javaPackage(), generated);
            files.add(messages.helper(pluginVersion));
            for (MessageSpec message : manifest.messages()) {
                files.add(file(manifest.javaPackage(), messages.record(message)));
                files.add(file(manifest.javaPackage(), messages.codec(message)));
            }
        }
        files.add(file(manifest.javaPackage(), channelsClass(manifest, generated)));
        files.sort((a, b) -> a.relativePath().compareTo(b.relativePath()));
        return List.copyOf(files);
    }

    private static TypeSpec channelClass(String javaPackage, ChannelSpec channel, AnnotationSpec generated) {
        ClassName runtimeBase = ClassName.get(RUNTIME_PACKAGE, channel.type().runtimeClass());
        TypeName base = runtimeBase;
        CodeBlock codec = null;
        if (channel.type() == PayloadType.JSON) {
            Optional<String> message = channel.get(ChannelSettings.MESSAGE);
            ClassName payload = message.map(m -> ClassName.get(javaPackage, m))
                    .orElseGet(() -> ClassName.bestGuess(channel.get(ChannelSettings.CLASS).orElseThrow()));
            base = ParameterizedTypeName.get(runtimeBase, payload);
            codec = message.isPresent() ? CodeBlock.of("$T.INSTANCE", ClassName.get(javaPackage, message.get() + "Codec"))
                    : CodeBlock.of("$T.jackson($T.class)", MessageEmitter.JSON_CODEC, payload);
        }
        TypeSpec.Builder type = TypeSpec.classBuilder(channel.javaClassName())
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .superclass(base)
                .addAnnotation(generated);
        channel.description().ifPresent(text -> type.addJavadoc("$L\n\n", Javadoc.escape(text)));
        type.addJavadoc("$LChannel {@code $L}: payload type {@code $L}, queue table {@code $L}.\n"
                        + "Generated from this manifest entry; edit the manifest, not this file:\n",
                channel.description().isPresent() ? "<p>" : "", channel.name(), channel.type().manifestName(),
                channel.tableName());
        type.addJavadoc("<pre>\n$L</pre>\n", Javadoc.escape(ManifestEntry.yaml(channel)));
        if (channel.get(ChannelSettings.MESSAGE).isPresent()) {
            type.addJavadoc("\n<p>Carries {@link $T} as jsonb; the database refuses a payload that lacks a required field"
                    + " of it or has the wrong JSON type.\n", ClassName.get(javaPackage,
                    channel.get(ChannelSettings.MESSAGE).get()));
        } else if (channel.get(ChannelSettings.CLASS).isPresent()) {
            type.addJavadoc("\n<p>Carries {@link $T} as jsonb, read and written by Jackson's data binding; its shape is"
                    + " not checked at build time nor by the database.\n",
                    ClassName.bestGuess(channel.get(ChannelSettings.CLASS).get()));
        }
        type.addJavadoc("\n<p>Thread-safe: holds no state beyond its names$L.\n",
                codec == null ? "" : " and its stateless codec");
        type.addField(FieldSpec.builder(String.class, "NAME", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("The channel's name in SQL and in {@code LISTEN}.\n")
                .initializer("$S", channel.name())
                .build());
        type.addMethod(MethodSpec.constructorBuilder()
                .addJavadoc("Creates the channel in the given schema; use {@link Channels#$N} instead.\n\n"
                        + "@param schema the PostgreSQL schema of the queue table\n", channel.javaConstantName())
                .addParameter(String.class, "schema")
                .addStatement(codec == null ? CodeBlock.of("super(schema, NAME)")
                        : CodeBlock.of("super(schema, NAME, $L)", codec))
                .build());
        if (channel.get(ChannelSettings.RABBITMQ_DIRECTION).isPresent()) {
            type.addMethod(gatewayMethod(channel, payloadType(javaPackage, channel)));
        }
        return type.build();
    }

    /** The Java type of the channel's payloads, as its runtime base class fixes it. */
    private static TypeName payloadType(String javaPackage, ChannelSpec channel) {
        return switch (channel.type()) {
            case TEXT -> ClassName.get(String.class);
            case XML -> ClassName.get("org.jooq", "XML");
            case BYTEA -> ArrayTypeName.of(TypeName.BYTE);
            case JSON -> channel.get(ChannelSettings.MESSAGE).map(m -> ClassName.get(javaPackage, m))
                    .orElseGet(() -> ClassName.bestGuess(channel.get(ChannelSettings.CLASS).orElseThrow()));
        };
    }

    /** {@code rabbitmqOutbound} or {@code rabbitmqInbound}: the manifest's gateway as a pgmq-rabbitmq builder. */
    private static MethodSpec gatewayMethod(ChannelSpec channel, TypeName payload) {
        boolean outbound = channel.get(ChannelSettings.RABBITMQ_DIRECTION).orElseThrow() == GatewayDirection.OUTBOUND;
        ClassName gateway = ClassName.get(RABBITMQ_PACKAGE, outbound ? "Outbound" : "Inbound");
        int batch = channel.get(ChannelSettings.RABBITMQ_BATCH).orElse(DEFAULT_GATEWAY_BATCH);
        MethodSpec.Builder method = MethodSpec.methodBuilder(outbound ? "rabbitmqOutbound" : "rabbitmqInbound")
                .addModifiers(Modifier.PUBLIC)
                .returns(ParameterizedTypeName.get(gateway.nestedClass("Builder"), payload))
                .addParameter(DATA_SOURCE, "dataSource")
                .addParameter(AMQP_FACTORY, "amqp");
        if (outbound) {
            String exchange = channel.get(ChannelSettings.RABBITMQ_EXCHANGE).orElseThrow();
            String routingKey = channel.get(ChannelSettings.RABBITMQ_ROUTING_KEY).orElse("");
            method.addJavadoc("The RabbitMQ gateway this channel's manifest entry declares: its messages go to exchange"
                            + " {@code $S} with routing key {@code $S}, $L per confirm batch. Set more on the builder,"
                            + " then {@code start()} it; {@code close()} the gateway to stop it.\n\n",
                    exchange, routingKey, batch)
                    .addStatement("return $T.builder(this, dataSource, amqp).exchange($S).routingKey($S).batchSize($L)",
                            gateway, exchange, routingKey, batch);
        } else {
            String queue = channel.get(ChannelSettings.RABBITMQ_QUEUE).orElseThrow();
            method.addJavadoc("The RabbitMQ gateway this channel's manifest entry declares: queue {@code $S}'s messages"
                            + " come into this channel, up to $L per transaction. Set more on the builder, then"
                            + " {@code start()} it; {@code close()} the gateway to stop it.\n\n", queue, batch)
                    .addStatement("return $T.builder(amqp, $S, this, dataSource).batchSize($L)", gateway, queue,
                            batch);
        }
        return method.addJavadoc("@param dataSource where this channel lives\n"
                        + "@param amqp how to reach the broker (copied; the gateway reconnects by itself)\n"
                        + "@return the gateway's builder, with the manifest's settings\n")
                .build();
    }

    private static TypeSpec channelsClass(ChannelManifest manifest, AnnotationSpec generated) {
        String schema = manifest.schema().orElse(DEFAULT_SCHEMA);
        TypeSpec.Builder type = TypeSpec.classBuilder("Channels")
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addAnnotation(generated)
                .addJavadoc("The channels declared in the pgmq manifest, one constant each, in schema {@code $L}.\n\n"
                        + "<p>Thread-safe: the constants are immutable.\n", Javadoc.escape(schema));
        for (ChannelSpec channel : manifest.activeChannels()) {
            ClassName channelType = ClassName.get(manifest.javaPackage(), channel.javaClassName());
            FieldSpec.Builder field = FieldSpec.builder(channelType, channel.javaConstantName(),
                            Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                    .initializer("new $T($S)", channelType, schema);
            field.addJavadoc("Channel {@code $L} ($L$L)", channel.name(), channel.type().manifestName(),
                    channel.get(ChannelSettings.MESSAGE).or(() -> channel.get(ChannelSettings.CLASS))
                            .map(p -> " of " + p).orElse(""));
            channel.description().ifPresent(text -> field.addJavadoc(": $L", Javadoc.escape(firstSentence(text))));
            field.addJavadoc(".\n");
            type.addField(field.build());
        }
        type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
        return type.build();
    }

    private static String firstSentence(String text) {
        String line = text.strip().lines().findFirst().orElse("");
        int end = line.indexOf(". ");
        String sentence = end >= 0 ? line.substring(0, end) : line;
        return sentence.endsWith(".") ? sentence.substring(0, sentence.length() - 1) : sentence;
    }

    private static GeneratedFile file(String javaPackage, TypeSpec type) {
        JavaFile javaFile = JavaFile.builder(javaPackage, type)
                .skipJavaLangImports(true)
                .indent("    ")
                .build();
        String path = javaPackage.replace('.', '/') + "/" + type.name() + ".java";
        return new GeneratedFile(path, javaFile.toString());
    }
}
