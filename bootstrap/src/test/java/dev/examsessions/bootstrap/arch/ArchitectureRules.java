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

    ArchRule domainIsInItsFiveRooms() {
        return classes().that().resideInAPackage(root + ".domain..")
                .should().resideInAnyPackage(root + ".domain.model..", root + ".domain.port..",
                        root + ".domain.service..", root + ".domain.failover..", root + ".domain.error..")
                .as("every domain class lives in model, port, service, failover or error");
    }

    ArchRule errorsStandAlone() {
        return classes().that().resideInAPackage(root + ".domain.error..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(root + ".domain.error..", "java..")
                .as("domain errors depend on nothing else of the domain");
    }

    ArchRule modelSeesOnlyErrors() {
        return classes().that().resideInAPackage(root + ".domain.model..")
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage(root + ".domain.model..", root + ".domain.error..", "java..")
                .as("the model depends on nothing but itself and the errors");
    }

    ArchRule portsDoNotSeeServicesOrFailover() {
        return noClasses().that().resideInAPackage(root + ".domain.port..")
                .should().dependOnClassesThat()
                .resideInAnyPackage(root + ".domain.service..", root + ".domain.failover..")
                .as("ports do not depend on services or on the failover decorator");
    }

    ArchRule servicesDoNotUseFailover() {
        return noClasses().that().resideInAPackage(root + ".domain.service..")
                .should().dependOnClassesThat().resideInAPackage(root + ".domain.failover..")
                .as("services see ports, not the failover decorator that bootstrap wraps around them");
    }

    ArchRule failoverDoesNotUseServices() {
        return noClasses().that().resideInAPackage(root + ".domain.failover..")
                .should().dependOnClassesThat().resideInAPackage(root + ".domain.service..")
                .as("the failover decorator does not depend on services");
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
