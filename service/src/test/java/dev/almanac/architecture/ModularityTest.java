package dev.almanac.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Package by feature, kept honest: no cycles between modules, no reaching into internals. */
@AnalyzeClasses(packages = "dev.almanac", importOptions = ImportOption.DoNotIncludeTests.class)
class ModularityTest {

    @ArchTest
    static final ArchRule modulesHaveNoCycles = slices().matching("dev.almanac.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule internalsStayInside = noClasses()
            .that().resideOutsideOfPackage("dev.almanac.(*)..")
            .should().dependOnClassesThat().resideInAPackage("dev.almanac.(*).internal..")
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule sharedKernelDependsOnNoFeature = noClasses()
            .that().resideInAnyPackage("dev.almanac.web..", "dev.almanac.config..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.almanac.project..", "dev.almanac.meta..",
                    "dev.almanac.tenancy..", "dev.almanac.audit..", "dev.almanac.outbox..", "dev.almanac.stats..");

    @ArchTest
    static final ArchRule noModuleTouchesAnotherModulesRepository = noClasses()
            .that().resideOutsideOfPackage("dev.almanac.meta..")
            .should().dependOnClassesThat().haveSimpleName("MetaRepository")
            .orShould().dependOnClassesThat().haveSimpleName("MetaRejections")
            .orShould().dependOnClassesThat().haveSimpleName("SuggestionRepository");

    @ArchTest
    static final ArchRule jobTablesArePrivateToGeneration = noClasses()
            .that().resideOutsideOfPackage("dev.almanac.generation..")
            .should().dependOnClassesThat().haveSimpleName("GenerationJobs")
            .orShould().dependOnClassesThat().haveSimpleName("JobControl");

    @ArchTest
    static final ArchRule schedulesTableIsPrivateToSchedule = noClasses()
            .that().resideOutsideOfPackage("dev.almanac.schedule..")
            .should().dependOnClassesThat().haveSimpleName("Schedules");

    /** Tasks come to the runner as beans; it runs generation's and files' tasks without knowing either. */
    @ArchTest
    static final ArchRule scheduleKnowsNoTaskModule = noClasses()
            .that().resideInAnyPackage("dev.almanac.schedule..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.almanac.generation..", "dev.almanac.file..");

    @ArchTest
    static final ArchRule projectRepositoryIsPrivateToProjects = noClasses()
            .that().resideOutsideOfPackage("dev.almanac.project..")
            .should().dependOnClassesThat().haveSimpleName("ProjectRepository");

    @ArchTest
    static final ArchRule fileRepositoryIsPrivateToFiles = noClasses()
            .that().resideOutsideOfPackage("dev.almanac.file..")
            .should().dependOnClassesThat().haveSimpleName("FileRepository");

    @ArchTest
    static final ArchRule generationAndSearchKnowNothingOfFiles = noClasses()
            .that().resideInAnyPackage("dev.almanac.generation..", "dev.almanac.search..", "dev.almanac.project..")
            .should().dependOnClassesThat().resideInAPackage("dev.almanac.file..");

    /** The cache is infrastructure every module uses; it must know none of them. */
    @ArchTest
    static final ArchRule cacheDependsOnNoFeature = noClasses()
            .that().resideInAnyPackage("dev.almanac.cache..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.almanac.project..", "dev.almanac.meta..",
                    "dev.almanac.tenancy..", "dev.almanac.definition..", "dev.almanac.limits..", "dev.almanac.generation..",
                    "dev.almanac.search..", "dev.almanac.outbox..");

    @ArchTest
    static final ArchRule tenantLimitsArePrivateToLimits = noClasses()
            .that().resideOutsideOfPackage("dev.almanac.limits..")
            .should().dependOnClassesThat().haveSimpleName("TenantLimits");
}
