package dev.examsessions.bootstrap.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Proves the rules can fail: the same rules, rooted at {@code dev.examsessions.archfixture}, run over test
 * fixtures that each break one of them.
 */
class ArchitectureRulesCanaryTest {
    private static final String FIXTURE_ROOT = "dev.examsessions.archfixture";
    private static final ArchitectureRules RULES = new ArchitectureRules(FIXTURE_ROOT);
    private static final JavaClasses FIXTURES = new ClassFileImporter().importPackages(FIXTURE_ROOT);

    private static void assertViolated(ArchRule rule) {
        assertTrue(rule.evaluate(FIXTURES).hasViolation(), () -> "expected a violation of: " + rule.getDescription());
    }

    @Test
    void fixturesAreImported() {
        assertFalse(FIXTURES.isEmpty());
    }

    @Test
    void domainRuleFailsOnALibraryImport() {
        assertViolated(RULES.domainIsPure());
    }

    @Test
    void adapterIndependenceFailsWhenOneAdapterUsesAnother() {
        assertViolated(RULES.adaptersAreIndependent());
    }

    @Test
    void adapterWebRuleFailsWhenAnAdapterUsesWeb() {
        assertViolated(RULES.adaptersDoNotUseWeb());
    }

    @Test
    void webRuleFailsWhenWebUsesAnAdapter() {
        assertViolated(RULES.webDoesNotUseAdapters());
    }

    @Test
    void onlyBootstrapRuleFailsWhenWebUsesAnAdapter() {
        assertViolated(RULES.onlyBootstrapUsesAdapters());
    }

    @Test
    void javalinRuleFailsOutsideWeb() {
        assertViolated(RULES.javalinOnlyInWeb());
    }

    @Test
    void cycleRuleFailsOnACycle() {
        assertViolated(RULES.noPackageCycles());
    }

    @Test
    void jedisRuleFailsOutsideTheRedisAdapter() {
        assertViolated(RULES.jedisOnlyInRedisAdapter());
    }

    @Test
    void persistenceRuleFailsOutsideTheJpaAdapter() {
        assertViolated(RULES.persistenceOnlyInJpaAdapter());
    }

    @Test
    void domainRoomsRuleFailsOnAClassOutsideTheFiveRooms() {
        assertViolated(RULES.domainIsInItsFiveRooms());
    }

    @Test
    void errorRuleFailsWhenAnErrorUsesTheModel() {
        assertViolated(RULES.errorsStandAlone());
    }

    @Test
    void modelRuleFailsWhenTheModelUsesAPort() {
        assertViolated(RULES.modelSeesOnlyErrors());
    }

    @Test
    void portRuleFailsWhenAPortUsesAService() {
        assertViolated(RULES.portsDoNotSeeServicesOrFailover());
    }

    @Test
    void serviceRuleFailsWhenAServiceUsesTheFailoverDecorator() {
        assertViolated(RULES.servicesDoNotUseFailover());
    }

    @Test
    void failoverRuleFailsWhenTheDecoratorUsesAService() {
        assertViolated(RULES.failoverDoesNotUseServices());
    }
}
