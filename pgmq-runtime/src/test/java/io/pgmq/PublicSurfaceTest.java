package io.pgmq;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The runtime's public surface, held by the build: the exact public types of {@code io.pgmq} and
 * {@code io.pgmq.micrometer}, what their signatures may expose, and the one-way rules between packages and modules
 * (STYLE.md, "Public API" and "Modules are the architecture"). Reads pgmq-runtime's own main classes only.
 */
class PublicSurfaceTest {

    /**
     * Every public type users may rely on. Adding one is a promise kept across releases: change this list on purpose,
     * with the README, never to make the test pass.
     */
    private static final Set<String> PUBLIC_TYPES = Set.of(
            "io.pgmq.ByteaChannel",
            "io.pgmq.Channel",
            "io.pgmq.Consumer",
            "io.pgmq.Consumer.Builder",
            "io.pgmq.DeadLetter",
            "io.pgmq.Delivery",
            "io.pgmq.Headers",
            "io.pgmq.InvalidPayloadException",
            "io.pgmq.JsonChannel",
            "io.pgmq.JsonCodec",
            "io.pgmq.LeaseLostException",
            "io.pgmq.LockedDelivery",
            "io.pgmq.Message",
            "io.pgmq.MessageHandler",
            "io.pgmq.MessageHandler.Batch",
            "io.pgmq.MessageHandler.InTransaction",
            "io.pgmq.MessageHandler.InTransactionBatch",
            "io.pgmq.NackOutcome",
            "io.pgmq.NackOutcome.Dead",
            "io.pgmq.NackOutcome.Retry",
            "io.pgmq.PartialBatchFailure",
            "io.pgmq.PayloadType",
            "io.pgmq.PayloadTypeMismatchException",
            "io.pgmq.Pgmq",
            "io.pgmq.PgmqException",
            "io.pgmq.SendOptions",
            "io.pgmq.SendResult",
            "io.pgmq.TextChannel",
            "io.pgmq.TransactionRunner",
            "io.pgmq.TransactionRunner.Round",
            "io.pgmq.UnknownChannelException",
            "io.pgmq.XmlChannel",
            "io.pgmq.micrometer.PgmqMetrics");

    /** jOOQ types a signature never returns or takes (a caller's DSLContext and jOOQ's XML are meant). */
    private static final List<Class<?>> JOOQ_QUERY_PARTS = List.of(org.jooq.Record.class, org.jooq.Table.class,
            org.jooq.Field.class);

    private static final JavaClasses RUNTIME = runtimeClasses();

    @Test
    void publicTypes_areExactlyThePinnedList() {
        Set<String> actual = new TreeSet<>();
        for (JavaClass c : RUNTIME) {
            if (isApiPackage(c) && effectivelyPublic(c)) {
                actual.add(c.getName().replace('$', '.'));
            }
        }
        Set<String> added = new TreeSet<>(actual);
        added.removeAll(PUBLIC_TYPES);
        Set<String> removed = new TreeSet<>(PUBLIC_TYPES);
        removed.removeAll(actual);

        assertThat(actual)
                .as("public types of io.pgmq and io.pgmq.micrometer changed: added %s, removed %s. A public type is a"
                        + " promise to users: if this is deliberate, update PUBLIC_TYPES in PublicSurfaceTest (and the"
                        + " README); otherwise make the type package-private, or move it to io.pgmq.internal",
                        added, removed)
                .isEqualTo(new TreeSet<>(PUBLIC_TYPES));
    }

    @Test
    void publicSignatures_exposeNoJooqRecordTableOrField_andNoInternalType() {
        List<String> exposed = new ArrayList<>();
        for (JavaClass c : RUNTIME) {
            if (!isApiPackage(c) || !effectivelyPublic(c)) {
                continue;
            }
            Stream.concat(c.getSuperclass().stream(), c.getInterfaces().stream())
                    .flatMap(t -> t.getAllInvolvedRawTypes().stream())
                    .filter(PublicSurfaceTest::forbidden)
                    .forEach(t -> exposed.add(c.getName() + " extends or implements " + t.getName()));
            Stream.concat(Stream.concat(c.getMethods().stream(), c.getConstructors().stream()), c.getFields().stream())
                    .filter(PublicSurfaceTest::visibleToUsers)
                    .forEach(m -> involvedTypes(m).stream().filter(PublicSurfaceTest::forbidden)
                            .forEach(t -> exposed.add(m.getFullName() + " exposes " + t.getName())));
        }

        assertThat(exposed).as("public signatures may name a caller's DSLContext, never jOOQ's Record, Table or Field"
                + " (return the runtime's own records) nor an io.pgmq.internal type (keep it behind package-private"
                + " code)").isEmpty();
    }

    @Test
    void onlyTheMicrometerPackage_dependsOnMicrometer() {
        noClasses().that().resideInAPackage("io.pgmq..").and().resideOutsideOfPackage("io.pgmq.micrometer..")
                .should().dependOnClassesThat().resideInAPackage("io.micrometer..")
                .because("Micrometer is optional: the runtime must load and run without it")
                .check(RUNTIME);
    }

    @Test
    void onlyJacksonCodec_dependsOnJackson() {
        noClasses().that().resideInAPackage("io.pgmq..").and().doNotHaveFullyQualifiedName("io.pgmq.JacksonCodec")
                .should().dependOnClassesThat().resideInAPackage("tools.jackson..")
                .because("Jackson is optional: the runtime must load and run without it, and JsonCodec.jackson checks"
                        + " for it before it loads JacksonCodec")
                .check(RUNTIME);
    }

    @Test
    void internals_neverDependOnThePublicPackages() {
        noClasses().that().resideInAPackage("io.pgmq.internal..")
                .should().dependOnClassesThat().resideInAnyPackage("io.pgmq", "io.pgmq.micrometer..")
                .because("internals sit below the API that uses them; a dependency back up would tie them in a circle")
                .check(RUNTIME);
    }

    @Test
    void runtime_neverDependsOnMavenJavaPoetYamlOrTheCodeGenerator() {
        noClasses().that().resideInAPackage("io.pgmq..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.maven..", "org.codehaus.plexus..",
                        "com.palantir.javapoet..", "com.squareup.javapoet..", "org.snakeyaml..", "org.yaml..",
                        "io.pgmq.codegen..")
                .because("modules point one way (STYLE.md): schema, runtime, codegen, example")
                .check(RUNTIME);
    }

    private static boolean isApiPackage(JavaClass c) {
        return c.getPackageName().equals("io.pgmq") || c.getPackageName().equals("io.pgmq.micrometer");
    }

    /** Public, and so is every class it is nested in. */
    private static boolean effectivelyPublic(JavaClass c) {
        for (JavaClass k = c; k != null; k = k.getEnclosingClass().orElse(null)) {
            if (!k.getModifiers().contains(JavaModifier.PUBLIC)) {
                return false;
            }
        }
        return true;
    }

    /** Public or protected: generated channel classes subclass the channels, so protected members are API too. */
    private static boolean visibleToUsers(JavaMember member) {
        Set<JavaModifier> modifiers = member.getModifiers();
        return (modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED))
                && !modifiers.contains(JavaModifier.SYNTHETIC);
    }

    private static Set<JavaClass> involvedTypes(JavaMember member) {
        if (member instanceof JavaCodeUnit unit) {
            return unit.getAllInvolvedRawTypes();
        }
        return ((JavaField) member).getAllInvolvedRawTypes();
    }

    private static boolean forbidden(JavaClass type) {
        return type.getPackageName().startsWith("io.pgmq.internal")
                || JOOQ_QUERY_PARTS.stream().anyMatch(type::isAssignableTo);
    }

    /** pgmq-runtime's main classes: the directory or jar this test's Channel class was loaded from. */
    private static JavaClasses runtimeClasses() {
        try {
            Location location = Location.of(Channel.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importLocations(Set.of(location));
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate pgmq-runtime's classes", e);
        }
    }
}
