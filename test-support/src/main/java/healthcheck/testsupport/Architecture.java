package healthcheck.testsupport;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;

/**
 * The shape every service keeps (see the README's "How we write code"): its {@code domain} package holds the
 * aggregates and their invariants, and knows nothing of how they are reached or stored. One rule, shared, so each
 * service's architecture test is a single call.
 */
public final class Architecture {

    private Architecture() {
    }

    /**
     * Fails, naming each offending dependency, when a class in {@code servicePackage.domain} depends on another
     * package of the service (web, messaging, config, persistence, clients of other services) or on a web or
     * messaging framework.
     */
    public static void assertDomainStandsAlone(String servicePackage) {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(servicePackage);
        String domain = servicePackage + ".domain..";
        ArchRule standsAlone = noClasses().that().resideInAPackage(domain)
                .should().dependOnClassesThat(resideInAPackage(servicePackage + "..").and(not(resideInAPackage(domain))))
                .because("the domain is reached through web and messaging and stored through persistence, never the "
                        + "other way round");
        ArchRule noFrameworks = noClasses().that().resideInAPackage(domain)
                .should().dependOnClassesThat(resideInAnyPackage("org.springframework.web..",
                        "org.springframework.http..", "jakarta.servlet..", "org.springframework.messaging..",
                        "org.springframework.kafka..", "org.springframework.cloud.stream..",
                        "org.springframework.cloud.openfeign..", "feign..", "org.apache.kafka.."))
                .because("web and messaging types belong in the web and messaging packages");
        CompositeArchRule.of(standsAlone).and(noFrameworks).check(classes);
    }
}
