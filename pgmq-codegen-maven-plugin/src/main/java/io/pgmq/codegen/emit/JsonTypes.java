package io.pgmq.codegen.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import io.pgmq.codegen.manifest.FieldSpec;
import io.pgmq.codegen.manifest.FieldType;
import io.pgmq.codegen.manifest.ScalarType;
import java.util.List;
import java.util.Map;

/**
 * The Java side of message field types: the record component's type, and the expressions the codecs use to read and
 * write a value of it through the generated helper {@code PgmqJson}.
 */
final class JsonTypes {

    static final String JACKSON = "tools.jackson.core";
    static final ClassName JSON_PARSER = ClassName.get(JACKSON, "JsonParser");
    static final ClassName JSON_GENERATOR = ClassName.get(JACKSON, "JsonGenerator");
    static final ClassName JSON_TOKEN = ClassName.get(JACKSON, "JsonToken");
    static final ClassName JACKSON_EXCEPTION = ClassName.get(JACKSON, "JacksonException");
    static final ClassName JSON_FACTORY = ClassName.get(JACKSON + ".json", "JsonFactory");

    private final String javaPackage;
    private final ClassName helper;

    JsonTypes(String javaPackage, ClassName helper) {
        this.javaPackage = javaPackage;
        this.helper = helper;
    }

    /** The component type: primitive for a required int/long/double/boolean, else the object type. */
    TypeName component(String message, FieldSpec field) {
        if (field.type() instanceof FieldType.Scalar scalar && field.required() && scalar.type().primitive()) {
            return primitive(scalar.type());
        }
        return object(message, field, field.type());
    }

    TypeName object(String message, FieldSpec field, FieldType type) {
        if (type instanceof FieldType.Scalar scalar) {
            return ClassName.bestGuess(scalar.type().objectType());
        }
        if (type instanceof FieldType.ListOf list) {
            return ParameterizedTypeName.get(ClassName.get(List.class), object(message, field, list.element()));
        }
        if (type instanceof FieldType.MapOf map) {
            return ParameterizedTypeName.get(ClassName.get(Map.class), ClassName.get(String.class),
                    object(message, field, map.value()));
        }
        if (type instanceof FieldType.EnumOf) {
            return enumType(message, field);
        }
        return ClassName.get(javaPackage, ((FieldType.MessageRef) type).name());
    }

    ClassName enumType(String message, FieldSpec field) {
        return ClassName.get(javaPackage, message, enumName(field));
    }

    static String enumName(FieldSpec field) {
        String camel = field.javaName().replaceFirst("_$", "");
        return Character.toUpperCase(camel.charAt(0)) + camel.substring(1);
    }

    private static TypeName primitive(ScalarType type) {
        return switch (type) {
            case BOOLEAN -> TypeName.BOOLEAN;
            case INT -> TypeName.INT;
            case LONG -> TypeName.LONG;
            case DOUBLE -> TypeName.DOUBLE;
            default -> throw new IllegalArgumentException(type + " is no primitive");
        };
    }

    /** A {@code PgmqJson.Reader} for the type, e.g. {@code PgmqJson.listReader(OrderLineCodec::read)}. */
    CodeBlock reader(String message, FieldSpec field, FieldType type) {
        if (type instanceof FieldType.Scalar scalar) {
            return CodeBlock.of("$T::$N", helper, "read" + suffix(scalar.type()));
        }
        if (type instanceof FieldType.ListOf list) {
            return CodeBlock.of("$T.listReader($L)", helper, reader(message, field, list.element()));
        }
        if (type instanceof FieldType.MapOf map) {
            return CodeBlock.of("$T.mapReader($L)", helper, reader(message, field, map.value()));
        }
        if (type instanceof FieldType.EnumOf e) {
            ClassName enumType = enumType(message, field);
            return e.open() ? CodeBlock.of("$T.enumReader($T.class, $T.UNKNOWN)", helper, enumType, enumType)
                    : CodeBlock.of("$T.enumReader($T.class, null)", helper, enumType);
        }
        return CodeBlock.of("$T::read", ClassName.get(javaPackage, ((FieldType.MessageRef) type).name() + "Codec"));
    }

    /** A {@code PgmqJson.Writer} for the type, e.g. {@code PgmqJson::writeLong}. */
    CodeBlock writer(String message, FieldSpec field, FieldType type) {
        if (type instanceof FieldType.Scalar scalar) {
            return CodeBlock.of("$T::$N", helper, "write" + suffix(scalar.type()));
        }
        if (type instanceof FieldType.ListOf list) {
            return CodeBlock.of("$T.listWriter($L)", helper, writer(message, field, list.element()));
        }
        if (type instanceof FieldType.MapOf map) {
            return CodeBlock.of("$T.mapWriter($L)", helper, writer(message, field, map.value()));
        }
        if (type instanceof FieldType.EnumOf) {
            throw new IllegalArgumentException("an enum is a field's own type, never an element");
        }
        return CodeBlock.of("$T::write", ClassName.get(javaPackage, ((FieldType.MessageRef) type).name() + "Codec"));
    }

    static String suffix(ScalarType type) {
        return switch (type) {
            case STRING -> "String";
            case BOOLEAN -> "Boolean";
            case INT -> "Int";
            case LONG -> "Long";
            case DOUBLE -> "Double";
            case DECIMAL -> "Decimal";
            case UUID -> "Uuid";
            case INSTANT -> "Instant";
            case DATE -> "Date";
        };
    }

    /** The statement's expression reading the field at the parser's current token. */
    CodeBlock readCall(String message, FieldSpec field) {
        FieldType type = field.type();
        if (type instanceof FieldType.Scalar scalar) {
            return CodeBlock.of("$T.$N(json, $S, $S)", helper, "read" + suffix(scalar.type()), message, field.name());
        }
        if (type instanceof FieldType.MessageRef ref) {
            return CodeBlock.of("$T.read(json, $S, $S)", ClassName.get(javaPackage, ref.name() + "Codec"), message,
                    field.name());
        }
        return CodeBlock.of("$L.read(json, $S, $S)", reader(message, field, type), message, field.name());
    }

    /** The statement writing the field's value {@code value.<component>()}. */
    CodeBlock writeCall(String message, FieldSpec field) {
        FieldType type = field.type();
        if (type instanceof FieldType.Scalar scalar) {
            return CodeBlock.of("$T.$N(json, value.$N())", helper, "write" + suffix(scalar.type()), field.javaName());
        }
        if (type instanceof FieldType.MessageRef ref) {
            return CodeBlock.of("$T.write(json, value.$N())", ClassName.get(javaPackage, ref.name() + "Codec"),
                    field.javaName());
        }
        if (type instanceof FieldType.EnumOf e) {
            return CodeBlock.of("$T.writeEnum(json, value.$N(), $L, $S, $S)", helper, field.javaName(), e.open(),
                    message, field.name());
        }
        return CodeBlock.of("$L.write(json, value.$N())", writer(message, field, type), field.javaName());
    }
}
