package dev.almanac.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.domain.JavaClass;
import dev.almanac.AlmanacApplication;
import dev.almanac.OwnsTables;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.core.Violations;

/**
 * Package by feature, kept honest by Spring Modulith: every direct subpackage of {@code dev.almanac}
 * is a module; its public types in that package are its API and its subpackages are internal; its
 * {@code package-info.java} lists the modules it may depend on ({@code @ApplicationModule}); and no
 * two modules depend on each other in a cycle. Which tables a module owns is checked by
 * {@link TableOwnershipTest}.
 */
class ModularityTest {

    /**
     * The modules of this application. {@link OwnsTables} (on package-infos) lives beside the
     * application class and is left out: a declaration about a module is not a dependency of it.
     */
    static ApplicationModules modules() {
        return ApplicationModules.of(AlmanacApplication.class, JavaClass.Predicates.equivalentTo(OwnsTables.class));
    }

    @Test
    void modulesUseOnlyEachOthersApiAndTheirDeclaredDependencies() {
        modules().verify();
    }

    /** The rule itself must be able to fail: on modules built to break it, it names each breach. */
    @Test
    void theRulesCatchAModuleReachingIntoInternalsOrBeyondItsDeclaredDependencies() {
        ImportOption everything = location -> true; // the broken modules live among the tests
        Violations violations = ApplicationModules.of("dev.almanac.architecture.broken", everything).detectViolations();

        assertThat(violations.hasViolations()).isTrue();
        assertThat(violations.getMessages())
                .anySatisfy(m -> assertThat(m).contains("Invoices").contains("LedgerStore"))
                .anySatisfy(m -> assertThat(m).contains("Report").contains("invoice"));
        assertThat(violations.getMessages()).noneSatisfy(m -> assertThat(m).contains("Ledger.balance"));
    }
}
