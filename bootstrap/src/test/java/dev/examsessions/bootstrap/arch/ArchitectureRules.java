package dev.examsessions.bootstrap.arch;

import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The module rules of ARCHITECTURE.md for a given root package (the real one, or the canary fixtures'). */
record ArchitectureRules(String root) {
    static final String ROOT = "dev.examsessions";

    ArchRule domainIsPure() {
        return classes().that().resideInAPackage(root + ".domain..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(root + ".domain..", "java..")
                .as("domain depends only on itself and java..");
    }

    ArchRule adaptersAreIndependent() {
        return slices().matching(root + ".adapter.(*)..").should().notDependOnEachOther()
                .as("adapters do not depend on each other");
    }

    ArchRule adaptersDoNotUseWeb() {
        return noClasses().that().resideInAPackage(root + ".adapter..")
                .should().dependOnClassesThat().resideInAPackage(root + ".web..")
                .as("adapters do not depend on web");
    }

    ArchRule webDoesNotUseAdapters() {
        return noClasses().that().resideInAPackage(root + ".web..")
                .should().dependOnClassesThat().resideInAPackage(root + ".adapter..")
                .as("web does not depend on adapters");
    }

    ArchRule onlyBootstrapUsesAdapters() {
        return noClasses().that().resideOutsideOfPackages(root + ".bootstrap..", root + ".adapter..")
                .should().dependOnClassesThat().resideInAPackage(root + ".adapter..")
                .as("only bootstrap depends on adapters");
    }

    ArchRule javalinOnlyInWeb() {
        return noClasses().that().resideOutsideOfPackage(root + ".web..")
                .should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "org.eclipse.jetty..")
                .as("Javalin and Jetty are confined to web");
    }

    ArchRule jedisOnlyInRedisAdapter() {
        return noClasses().that().resideOutsideOfPackage(root + ".adapter.redis..")
                .should().dependOnClassesThat().resideInAPackage("redis.clients..")
                .as("Jedis is confined to adapters-redis");
    }

    ArchRule persistenceOnlyInJpaAdapter() {
        return noClasses().that().resideOutsideOfPackage(root + ".adapter.jpa..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("org.hibernate..", "jakarta.persistence..", "org.flywaydb..")
                .as("Hibernate, JPA and Flyway are confined to adapters-jpa");
    }

    ArchRule noPackageCycles() {
        return slices().matching(root + ".(**)").should().beFreeOfCycles().as("no package cycles");
    }
}
