package dev.fulcrum;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package rules of docs/architecture.md, checked on the compiled production classes: the
 * top-level packages form no cycle, the stages know nothing of jobs, the CLI or the job-file
 * parsing, and no benchmark code ships in the production jar.
 */
class ArchitectureTest {
    /** The stage packages: Spark/DL4J/MLlib work that takes typed specs, never a config file. */
    private static final String[] STAGES = {"dev.fulcrum.data..", "dev.fulcrum.sampling..", "dev.fulcrum.features..",
        "dev.fulcrum.loss..", "dev.fulcrum.train..", "dev.fulcrum.eval..", "dev.fulcrum.report..",
        "dev.fulcrum.results..", "dev.fulcrum.io..", "dev.fulcrum.error..", "dev.fulcrum.segeval..",
        "dev.fulcrum.images..", "dev.fulcrum.unet.."};
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.fulcrum");
    }

    @Test
    void topLevelPackagesHaveNoCycles() {
        slices().matching("dev.fulcrum.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void stagesDependOnNeitherJobsNorTheCli() {
        noClasses().that().resideInAnyPackage(STAGES).should().dependOnClassesThat()
                .resideInAnyPackage("dev.fulcrum.jobs..", "dev.fulcrum.cli..", "dev.fulcrum.pipeline..")
                .check(classes);
    }

    @Test
    void stagesReadNoConfigFiles() {
        noClasses().that().resideInAnyPackage(STAGES).should().dependOnClassesThat()
                .resideInAnyPackage("dev.fulcrum.config..", "com.typesafe.config..")
                .check(classes);
    }

    @Test
    void segmentationMetricsUseOnlyImagesEvalReportResultsErrorAndIo() {
        noClasses().that().resideInAPackage("dev.fulcrum.segeval..").should().dependOnClassesThat()
                .resideInAnyPackage("dev.fulcrum.data..", "dev.fulcrum.sampling..", "dev.fulcrum.features..",
                        "dev.fulcrum.loss..", "dev.fulcrum.train..", "dev.fulcrum.bundle..", "dev.fulcrum.registry..",
                        "dev.fulcrum.compare..", "dev.fulcrum.tune..", "dev.fulcrum.unet..", "org.deeplearning4j..",
                        "org.nd4j..")
                .check(classes);
    }

    @Test
    void onlyTheCliKnowsPicocli() {
        noClasses().that().resideOutsideOfPackage("dev.fulcrum.cli..").should().dependOnClassesThat()
                .resideInAPackage("picocli..").check(classes);
    }

    @Test
    void noBenchmarkCodeInTheProductionJar() {
        noClasses().should().resideInAPackage("..bench..").check(classes);
    }
}
