package com.authledger;

import com.authledger.pool.PoolRules;
import com.authledger.shared.Rule;
import com.authledger.signin.SignInRules;
import com.authledger.support.Verifies;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every named rule of the aggregates (each concrete {@link Rule} of the main code) is proven by at least one fixture
 * test that names it with {@link Verifies}. The rules are found in the compiled main classes and the annotations in
 * the compiled test classes (nested ones included), so a new rule without a test, or a test that names no rule any
 * more, fails here and is listed by name.
 */
class RulesCoveredTest {

    /** The concrete rules of the main code, by binary name (PoolRules$RequiredOnlyAtCreation). */
    private static Set<String> rules;
    /** Every test method that names rules, by its full name, with the binary names of the rules it names. */
    private static Map<String, Set<String>> verifyingTests;
    /** The test methods annotated with {@link Verifies} that are not JUnit tests. */
    private static Set<String> notTests;

    @BeforeAll
    static void importRulesAndTests() {
        rules = new ClassFileImporter().withImportOption(new ImportOption.DoNotIncludeTests())
                .importPackages("com.authledger").stream()
                .filter(type -> type.isAssignableTo(Rule.class))
                .filter(type -> !type.isInterface() && !type.getModifiers().contains(JavaModifier.ABSTRACT))
                .map(JavaClass::getName)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<JavaMethod> annotated = new ClassFileImporter().withImportOption(new ImportOption.OnlyIncludeTests())
                .importPackages("com.authledger").stream()
                .flatMap(type -> type.getMethods().stream())
                .filter(method -> method.isAnnotatedWith(Verifies.class))
                .collect(Collectors.toSet());
        verifyingTests = new TreeMap<>();
        for (JavaMethod method : annotated) {
            verifyingTests.put(method.getFullName(), Arrays.stream(method.getAnnotationOfType(Verifies.class).value())
                    .map(Class::getName)
                    .collect(Collectors.toCollection(TreeSet::new)));
        }
        notTests = annotated.stream()
                .filter(method -> !method.isAnnotatedWith(Test.class))
                .map(JavaMethod::getFullName)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void theScanFindsTheRulesOfEverySlice() {
        assertThat(rules)
                .as("the concrete rules found in the main classes")
                .isNotEmpty()
                .contains(PoolRules.RequiredOnlyAtCreation.class.getName(),
                        SignInRules.UserMaySignIn.class.getName(),
                        "com.authledger.user.UserRules$OnlyAnAdminVouches")
                .doesNotContain(Rule.class.getName(), SignInRules.SignInRule.class.getName());
        assertThat(verifyingTests).as("the test methods annotated with @Verifies").isNotEmpty();
    }

    @Test
    void everyRuleIsVerifiedByAtLeastOneFixtureTest() {
        Set<String> verified = verifyingTests.values().stream().flatMap(Set::stream)
                .collect(Collectors.toSet());
        Set<String> missing = rules.stream().filter(rule -> !verified.contains(rule))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(missing)
                .as("rules that no fixture test names with @Verifies (write one that triggers the refusal): %s",
                        missing)
                .isEmpty();
    }

    @Test
    void everyVerifiesNamesAConcreteRule() {
        Map<String, Set<String>> unknown = new TreeMap<>();
        verifyingTests.forEach((test, named) -> {
            Set<String> notRules = named.stream().filter(rule -> !rules.contains(rule))
                    .collect(Collectors.toCollection(TreeSet::new));
            if (!notRules.isEmpty()) {
                unknown.put(test, notRules);
            }
        });
        assertThat(unknown).as("@Verifies naming no concrete rule of the main code: %s", unknown).isEmpty();
        assertThat(verifyingTests.values()).as("@Verifies naming no rule at all").noneMatch(Set::isEmpty);
    }

    @Test
    void onlyTestsVerifyRules() {
        assertThat(notTests).as("methods annotated with @Verifies but not with @Test: %s", notTests).isEmpty();
    }
}
