package dev.tcpwrap.agent;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

/**
 * The agent's packages (gate, metrics, log, jmx, ...) form a layered graph, as core's do (core has
 * its own, source-based check): a cycle would mean none of them can be read, tested or moved
 * without the others. Read from the compiled classes with ArchUnit.
 */
class PackageCycleTest {

  private static final JavaClasses AGENT =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.tcpwrap.agent");

  private static ArchRule noCycles() {
    return slices().matching("dev.tcpwrap.agent.(*)..").should().beFreeOfCycles();
  }

  @Test
  void agentPackagesHaveNoCycle() {
    assertThat(AGENT.size()).as("agent classes imported").isGreaterThan(50);
    noCycles().check(AGENT);
  }

  @Test
  void aCycleIsFound() {
    // the same rule on two test-only packages that use each other
    JavaClasses pair =
        new ClassFileImporter()
            .importPackages("dev.tcpwrap.agent.cyclea", "dev.tcpwrap.agent.cycleb");
    assertThat(pair.size()).isEqualTo(2);
    EvaluationResult r = noCycles().evaluate(pair);
    assertThat(r.hasViolation()).isTrue();
    assertThat(r.getFailureReport().toString()).contains("cyclea", "cycleb");
  }
}
