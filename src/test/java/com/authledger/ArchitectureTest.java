package com.authledger;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.axonframework.spring.stereotype.Aggregate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The dependency rules, with no exceptions list. The layers, from the bottom:
 * <ul>
 *   <li>{@code shared} (error codes, the domain's exception) and {@code infra} (the event store, command dispatch,
 *       request metadata, time) serve everybody;</li>
 *   <li>the domain: {@code pool}, {@code client}, {@code user}, {@code signin}, {@code audit}, {@code secrets} (keys
 *       and one-time code MACs the aggregates seal their secrets with) and {@code message} (the port every message
 *       leaves through). Each slice keeps its aggregate, rules and commands at its root and its projections in
 *       {@code read};</li>
 *   <li>what the domain's ports are implemented with: {@code token} (JWT minting and verification), {@code delivery}
 *       over the transports {@code sms} and {@code email};</li>
 *   <li>the adapters: {@code security} (who a caller is: API keys, access keys, SigV4), {@code web} (the HTTP
 *       plumbing both APIs share: request ids, body limit, client address, request metadata, the bearer filters and
 *       the error shapes each adapter registers), and the APIs {@code api.rest} and {@code api.cognito} over
 *       {@code api} (what both APIs do alike).</li>
 * </ul>
 * A layer imports only the layers below it, never an adapter, a sender or the token internals from the domain; the two
 * APIs never import each other; projections never import aggregates; and no two top-level packages import each other,
 * even through others.
 */
class ArchitectureTest {

    private static final String[] DOMAIN = {"com.authledger.pool..", "com.authledger.client..",
            "com.authledger.user..", "com.authledger.signin..", "com.authledger.audit..", "com.authledger.secrets..",
            "com.authledger.message..", "com.authledger.limits.."};
    private static final String[] ADAPTERS_SENDERS_AND_TOKENS = {"com.authledger.api..", "com.authledger.web..",
            "com.authledger.security..", "com.authledger.delivery..", "com.authledger.sms..",
            "com.authledger.email..", "com.authledger.token.."};

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("com.authledger");
    }

    @Test
    void theDomainNeverImportsAdaptersSendersOrTokenInternals() {
        noClasses().that().resideInAnyPackage(DOMAIN)
                .should().dependOnClassesThat().resideInAnyPackage(ADAPTERS_SENDERS_AND_TOKENS)
                .check(classes);
    }

    @Test
    void theRestApiAndTheCognitoProtocolNeverImportEachOther() {
        noClasses().that().resideInAPackage("com.authledger.api.rest..")
                .should().dependOnClassesThat().resideInAPackage("com.authledger.api.cognito..")
                .check(classes);
        noClasses().that().resideInAPackage("com.authledger.api.cognito..")
                .should().dependOnClassesThat().resideInAPackage("com.authledger.api.rest..")
                .check(classes);
    }

    @Test
    void theWebPlumbingAndSecurityNeverImportTheApis() {
        noClasses().that().resideInAnyPackage("com.authledger.web..", "com.authledger.security..")
                .should().dependOnClassesThat().resideInAPackage("com.authledger.api..")
                .check(classes);
    }

    @Test
    void projectionsNeverImportAggregates() {
        noClasses().that().resideInAPackage("com.authledger..read..")
                .or().haveSimpleNameEndingWith("Projection")
                .should().dependOnClassesThat().areAnnotatedWith(Aggregate.class)
                .check(classes);
    }

    @Test
    void noTopLevelPackagesDependOnEachOtherInACycle() {
        slices().matching("com.authledger.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void theEmbeddedDatabaseIsTouchedOnlyByInfra() {
        noClasses().that().resideOutsideOfPackage("com.authledger.infra..")
                .should().dependOnClassesThat(describe("are H2's", type -> type.getPackageName().startsWith("org.h2")))
                .check(classes);
    }
}
