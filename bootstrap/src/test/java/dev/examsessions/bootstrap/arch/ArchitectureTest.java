package dev.examsessions.bootstrap.arch;

import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Checks the production classes of every module against the module rules. */
@AnalyzeClasses(packages = ArchitectureRules.ROOT, importOptions = ProductionClassesOnly.class)
class ArchitectureTest {
    private static final ArchitectureRules RULES = new ArchitectureRules(ArchitectureRules.ROOT);

    @ArchTest
    static final ArchRule domainIsPure = RULES.domainIsPure();
    @ArchTest
    static final ArchRule domainIsInItsFiveRooms = RULES.domainIsInItsFiveRooms();
    @ArchTest
    static final ArchRule errorsStandAlone = RULES.errorsStandAlone();
    @ArchTest
    static final ArchRule modelSeesOnlyErrors = RULES.modelSeesOnlyErrors();
    @ArchTest
    static final ArchRule portsDoNotSeeServicesOrFailover = RULES.portsDoNotSeeServicesOrFailover();
    @ArchTest
    static final ArchRule servicesDoNotUseFailover = RULES.servicesDoNotUseFailover();
    @ArchTest
    static final ArchRule failoverDoesNotUseServices = RULES.failoverDoesNotUseServices();
    @ArchTest
    static final ArchRule adaptersAreIndependent = RULES.adaptersAreIndependent();
    @ArchTest
    static final ArchRule adaptersDoNotUseWeb = RULES.adaptersDoNotUseWeb();
    @ArchTest
    static final ArchRule webDoesNotUseAdapters = RULES.webDoesNotUseAdapters();
    @ArchTest
    static final ArchRule onlyBootstrapUsesAdapters = RULES.onlyBootstrapUsesAdapters();
    @ArchTest
    static final ArchRule javalinOnlyInWeb = RULES.javalinOnlyInWeb();
    @ArchTest
    static final ArchRule jedisOnlyInRedisAdapter = RULES.jedisOnlyInRedisAdapter();
    @ArchTest
    static final ArchRule persistenceOnlyInJpaAdapter = RULES.persistenceOnlyInJpaAdapter();
    @ArchTest
    static final ArchRule noPackageCycles = RULES.noPackageCycles();
}
