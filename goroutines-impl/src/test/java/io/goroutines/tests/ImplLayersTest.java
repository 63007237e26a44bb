package io.goroutines.tests;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The impl packages depend on each other in one direction only (ADR 0018): no package
 * cycle, and each package uses only the packages below it in {@link #LAYERS}. Reads the
 * compiled main classes of goroutines-impl (not the tests) with ArchUnit.
 */
class ImplLayersTest {

    /**
     * The impl packages, bottom to top: a package may depend on those before it, never
     * on those after it. Packages on one row do not depend on each other.
     */
    private static final List<List<String>> LAYERS = List.of(
            List.of("diag", "panic"),
            List.of("trace"),
            List.of("sched"),
            List.of("chan"),
            List.of("time"),
            List.of("context"),
            List.of("sync"),
            List.of("net", "debug"),
            List.of("")); // io.goroutines.impl itself: the provider, on top

    private static JavaClasses impl;

    @BeforeAll
    static void importImpl() {
        impl = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.goroutines.impl");
        assertTrue(impl.size() > 50, "imported " + impl.size() + " classes of io.goroutines.impl");
    }

    @Test
    void implPackagesAreFreeOfCycles() {
        slices().matching("io.goroutines.impl.(*)..").should().beFreeOfCycles().check(impl);
    }

    @Test
    void eachPackageUsesOnlyThePackagesBelowIt() {
        for (int i = 0; i < LAYERS.size(); i++) {
            List<String> upper = LAYERS.subList(i + 1, LAYERS.size()).stream().flatMap(List::stream).toList();
            for (String pkg : LAYERS.get(i)) {
                List<String> others = new ArrayList<>(upper);
                LAYERS.get(i).stream().filter(p -> !p.equals(pkg)).forEach(others::add);
                if (others.isEmpty()) {
                    continue;
                }
                noClasses().that().resideInAPackage(pattern(pkg))
                        .should().dependOnClassesThat().resideInAnyPackage(patterns(others))
                        .because("ADR 0018 layers the impl packages: " + LAYERS)
                        .check(impl);
            }
        }
    }

    /** ArchUnit's package pattern of impl package {@code name} and its subpackages; "" is the root package alone. */
    private static String pattern(String name) {
        return name.isEmpty() ? "io.goroutines.impl" : "io.goroutines.impl." + name + "..";
    }

    private static String[] patterns(List<String> names) {
        return names.stream().map(ImplLayersTest::pattern).toArray(String[]::new);
    }

    @Test
    void everyImplPackageHasALayer() {
        List<String> known = LAYERS.stream().flatMap(List::stream).toList();
        impl.stream()
                .map(c -> c.getPackageName().equals("io.goroutines.impl") ? ""
                        : c.getPackageName().substring("io.goroutines.impl.".length()).split("\\.")[0])
                .distinct()
                .forEach(p -> assertTrue(known.contains(p),
                        "package io.goroutines.impl." + p + " has no place in " + Arrays.toString(LAYERS.toArray())));
    }
}
