package io.pgmq.codegen.emit;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.pgmq.codegen.manifest.FieldType;
import io.pgmq.codegen.manifest.MessageSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.lang.model.element.Modifier;

/**
 * Emits the Java of the manifest's messages: a record per message, a codec per message implementing the runtime's
 * {@code JsonCodec} on Jackson 3's streaming API, and the package-private helper {@code PgmqJson} they share.
 * Stateless and thread-safe.
 */
final class MessageEmitter {

    static final String HELPER = "PgmqJson";
    static final ClassName JSON_CODEC = ClassName.get(JavaEmitter.RUNTIME_PACKAGE, "JsonCodec");

    private final String javaPackage;
    private final AnnotationSpec generated;
    private final ClassName helper;
    private final JsonTypes types;

    MessageEmitter(String javaPackage, AnnotationSpec generated) {
        this.javaPackage = javaPackage;
        this.generated = generated;
        this.helper = ClassName.get(javaPackage, HELPER);
        this.types = new JsonTypes(javaPackage, helper);
    }

    /** The helper's source, from the template in the plugin jar. */
    GeneratedFile helper(String pluginVersion) {
        String template;
        try (InputStream in = MessageEmitter.class.getResourceAsStream(HELPER + ".java.txt")) {
            if (in == null) {
                throw new IllegalStateException(HELPER + ".java.txt is missing from the plugin jar");
            }
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // the package is a validated Java package name and the version the plugin's own: no user text
        String source = template.replace("${package}", javaPackage).replace("${version}", pluginVersion);
        return new GeneratedFile(javaPackage.replace('.', '/') + "/" + HELPER + ".java", source);
    }

    TypeSpec record(MessageSpec message) {
        ClassName self = ClassName.get(javaPackage, message.name());
        TypeSpec.Builder type = TypeSpec.recordBuilder(self)
                .addModifiers(Modifier.PUBLIC)
                .addAnnotation(generated);
        message.description().ifPresent(text -> type.addJavadoc("$L\n\n<p>", Javadoc.escape(text)));
        type.addJavadoc("Message {@code $L}, sent as a JSON object; generated from the manifest's {@code messages}"
                + " entry: edit the manifest, not this file. Read and written by {@link $T}.\n\n"
                + "<p>Immutable: lists and maps are copied, and the constructor refuses a missing required component."
                + " An optional component is {@code null} when the field is absent.\n\n", message.name(),
                ClassName.get(javaPackage, message.codecName()));
        MethodSpec.Builder constructor = MethodSpec.compactConstructorBuilder()
                .addModifiers(Modifier.PUBLIC)
                .addJavadoc("Checks the required components and copies the lists and maps.\n\n"
                        + "@throws NullPointerException if a required component is null, naming it\n");
        for (io.pgmq.codegen.manifest.FieldSpec field : message.fields()) {
            TypeName component = types.component(message.name(), field);
            constructor.addParameter(ParameterSpec.builder(component, field.javaName()).build());
            type.addJavadoc("@param $L JSON {@code $L}, $L, $L$L\n", field.javaName(), field.name(),
                    Javadoc.escape(field.type().expression()), field.required() ? "required"
                            : "optional ({@code null} when absent)", field.description()
                            .map(d -> ": " + Javadoc.escape(d)).orElse(""));
            String missing = message.name() + "." + field.javaName() + " is required (JSON \"" + field.name()
                    + "\")";
            String copy = copyOf(field.type());
            if (field.required() && !component.isPrimitive()) {
                if (copy == null) {
                    constructor.addStatement("$T.requireNonNull($N, $S)", Objects.class, field.javaName(), missing);
                } else {
                    constructor.addStatement("$N = $T.$N($T.requireNonNull($N, $S))", field.javaName(),
                            collection(field.type()), copy, Objects.class, field.javaName(), missing);
                }
            } else if (copy != null) {
                constructor.addStatement("$N = $N == null ? null : $T.$N($N)", field.javaName(), field.javaName(),
                        collection(field.type()), copy, field.javaName());
            }
            if (field.type() instanceof FieldType.EnumOf e) {
                type.addType(enumType(field, e));
            }
        }
        type.recordConstructor(constructor.build());
        return type.build();
    }

    private static String copyOf(FieldType type) {
        return type instanceof FieldType.ListOf || type instanceof FieldType.MapOf ? "copyOf" : null;
    }

    private static ClassName collection(FieldType type) {
        return ClassName.get(type instanceof FieldType.ListOf ? List.class : Map.class);
    }

    private TypeSpec enumType(io.pgmq.codegen.manifest.FieldSpec field, FieldType.EnumOf e) {
        TypeSpec.Builder type = TypeSpec.enumBuilder(JsonTypes.enumName(field))
                .addModifiers(Modifier.PUBLIC);
        String description = field.description().map(d -> ": " + Javadoc.escape(d)).orElse("");
        type.addJavadoc("The values of field {@code $L}$L\n", field.name(), description.endsWith(".") ? description
                : description + ".");
        if (e.open()) {
            type.addJavadoc("\n<p>Open: a newer producer may send values this version does not know, which read as"
                    + " {@link #UNKNOWN}.\n");
        }
        for (String value : e.values()) {
            type.addEnumConstant(value);
        }
        if (e.open()) {
            type.addEnumConstant("UNKNOWN", TypeSpec.anonymousClassBuilder("")
                    .addJavadoc("A value this version does not know, written by a newer producer; cannot be sent.\n")
                    .build());
        }
        return type.build();
    }

    TypeSpec codec(MessageSpec message) {
        ClassName record = ClassName.get(javaPackage, message.name());
        ClassName self = ClassName.get(javaPackage, message.codecName());
        TypeSpec.Builder type = TypeSpec.classBuilder(self)
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addSuperinterface(ParameterizedTypeName.get(JSON_CODEC, record))
                .addAnnotation(generated)
                .addJavadoc("Reads and writes {@link $T} as JSON with Jackson's streaming API, property names as the"
                        + " manifest writes them. Reading skips properties it does not know (a newer producer may add"
                        + " optional fields) and fails naming the message and field when one is missing or of the"
                        + " wrong type.\n\n<p>Thread-safe and stateless; use {@link #INSTANCE}.\n", record);
        type.addField(FieldSpec.builder(self, "INSTANCE", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("The codec.\n")
                .initializer("new $T()", self)
                .build());
        type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
        type.addMethod(MethodSpec.methodBuilder("encode")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .addParameter(record, "value")
                .returns(String.class)
                .addStatement("return $T.encode(value, $T::write)", helper, self)
                .build());
        type.addMethod(MethodSpec.methodBuilder("decode")
                .addJavadoc("{@inheritDoc}\n\n@throws IllegalArgumentException if the JSON is no {@code $L}, naming"
                        + " the field\n", message.name())
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .addParameter(String.class, "json")
                .returns(record)
                .addStatement("return $T.decode(json, $S, $T::read)", helper, message.name(), self)
                .build());
        type.addMethod(write(message, record));
        type.addMethod(read(message, record));
        return type.build();
    }

    private MethodSpec write(MessageSpec message, ClassName record) {
        MethodSpec.Builder method = MethodSpec.methodBuilder("write")
                .addJavadoc("Writes the message as a JSON object; optional fields that are {@code null} are left"
                        + " out.\n")
                .addModifiers(Modifier.STATIC)
                .addParameter(JsonTypes.JSON_GENERATOR, "json")
                .addParameter(record, "value")
                .addStatement("json.writeStartObject()");
        for (io.pgmq.codegen.manifest.FieldSpec field : message.fields()) {
            CodeBlock write = types.writeCall(message.name(), field);
            if (field.required()) {
                method.addStatement("json.writeName($S)", field.name());
                method.addStatement(write);
            } else {
                method.beginControlFlow("if (value.$N() != null)", field.javaName())
                        .addStatement("json.writeName($S)", field.name())
                        .addStatement(write)
                        .endControlFlow();
            }
        }
        return method.addStatement("json.writeEndObject()").build();
    }

    private MethodSpec read(MessageSpec message, ClassName record) {
        NameAllocator names = new NameAllocator();
        for (String taken : List.of("json", "message", "field", "name")) {
            names.newName(taken, taken);
        }
        MethodSpec.Builder method = MethodSpec.methodBuilder("read")
                .addJavadoc("Reads the message from the JSON object at the parser's current token, up to its end.\n\n"
                        + "@return the message, or {@code null} for a JSON {@code null}\n"
                        + "@throws IllegalArgumentException if it is no {@code $L}, naming the field\n",
                        message.name())
                .addModifiers(Modifier.STATIC)
                .addParameter(JsonTypes.JSON_PARSER, "json")
                .addParameter(String.class, "message")
                .addParameter(String.class, "field")
                .returns(record)
                .beginControlFlow("if (!$T.startObject(json, message, field))", helper)
                .addStatement("return null")
                .endControlFlow();
        List<String> locals = new ArrayList<>();
        for (io.pgmq.codegen.manifest.FieldSpec field : message.fields()) {
            String local = names.newName(field.javaName(), field);
            locals.add(local);
            method.addStatement("$T $N = null", types.object(message.name(), field, field.type()), local);
        }
        method.beginControlFlow("while (json.nextToken() == $T.PROPERTY_NAME)", JsonTypes.JSON_TOKEN)
                .addStatement("String name = json.currentName()")
                .addStatement("json.nextToken()")
                .beginControlFlow("switch (name)");
        for (int i = 0; i < message.fields().size(); i++) {
            io.pgmq.codegen.manifest.FieldSpec field = message.fields().get(i);
            method.addStatement("case $S -> $N = $L", field.name(), locals.get(i),
                    types.readCall(message.name(), field));
        }
        method.addStatement("default -> json.skipChildren()")
                .endControlFlow()
                .endControlFlow();
        CodeBlock.Builder args = CodeBlock.builder();
        for (int i = 0; i < message.fields().size(); i++) {
            io.pgmq.codegen.manifest.FieldSpec field = message.fields().get(i);
            args.add(i == 0 ? "\n" : ",\n");
            if (field.required()) {
                args.add("$T.required($N, $S, $S)", helper, locals.get(i), message.name(), field.name());
            } else {
                args.add("$N", locals.get(i));
            }
        }
        method.addStatement("return new $T($L)", record, args.build());
        return method.build();
    }
}
