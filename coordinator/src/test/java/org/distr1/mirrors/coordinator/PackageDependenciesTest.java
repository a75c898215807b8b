package org.distr1.mirrors.coordinator;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Timer;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

/**
 * The coordinator's packages depend on each other the way its data flows: the inputs (origin tree,
 * GeoIP, probes) below the registry, the registry below routing, routing below the redirect, and
 * nothing on the application that wires them.
 */
class PackageDependenciesTest {
  private static final String ROOT = "org.distr1.mirrors.coordinator";
  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages(ROOT);

  @Test
  void noPackageCycles() {
    slices().matching(ROOT + ".(**)").should().beFreeOfCycles().check(MAIN);
  }

  @Test
  void inputsKnowNeitherRegistryNorRouting() {
    noClasses()
        .that()
        .resideInAnyPackage(
            ROOT + ".origin..",
            ROOT + ".geo..",
            ROOT + ".probe..",
            ROOT + ".http..",
            ROOT + ".platform..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(ROOT + ".registry..", ROOT + ".routing..")
        .check(MAIN);
  }

  /**
   * One look at a mirror: verification and routing go through {@code probe.MirrorProbe}, never a
   * client of their own (there were two, with two sets of failure texts).
   */
  @Test
  void onlyTheProbeTalksToMirrors() {
    noClasses()
        .that()
        .resideInAnyPackage(ROOT + ".registry..", ROOT + ".routing..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.apache.hc..", "java.net.http..")
        .check(MAIN);
  }

  /** Background work runs on Dropwizard's lifecycle-managed executors, stopped with the server. */
  @Test
  void noClassBuildsItsOwnThreads() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .belongToAnyOf(Executors.class, ForkJoinPool.class, Timer.class)
        .orShould()
        .callConstructorWhere(JavaAccess.Predicates.targetOwner(assignableTo(Thread.class)))
        .check(MAIN);
  }

  @Test
  void registryKnowsNothingOfRouting() {
    noClasses()
        .that()
        .resideInAPackage(ROOT + ".registry..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(ROOT + ".routing..")
        .check(MAIN);
  }

  @Test
  void snapshotKnowsNothingOfTheRedirect() {
    noClasses()
        .that()
        .resideInAPackage(ROOT + ".routing")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(ROOT + ".routing.web..")
        .check(MAIN);
  }

  @Test
  void nothingDependsOnTheApplication() {
    noClasses()
        .that()
        .resideOutsideOfPackage(ROOT)
        .should()
        .dependOnClassesThat()
        .resideInAPackage(ROOT)
        .check(MAIN);
  }
}
