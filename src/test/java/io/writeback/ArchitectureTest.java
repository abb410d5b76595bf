package io.writeback;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The package rules of the application's code (tests and the sandbox are not part of it). */
@AnalyzeClasses(packages = "io.writeback", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** Packages by feature, none importing another that imports it back (directly or around a circle). */
    @ArchTest
    static final ArchRule featurePackagesAreFreeOfCycles = slices().matching("io.writeback.(*)..")
            .should().beFreeOfCycles();

    /** One class per cart, and no cart's code reaches into another's: what they share is in io.writeback.cart. */
    @ArchTest
    static final ArchRule cartAdaptersAreIndependent = slices().matching("io.writeback.cart.(*)..")
            .should().notDependOnEachOther();

    /** The carts are called through the cart's route only (io.writeback.cart.CartHttp), never by another client. */
    @ArchTest
    static final ArchRule cartCallsGoThroughCamel = noClasses().should()
            .dependOnClassesThat().resideInAnyPackage("java.net.http..", "org.springframework.web.client..");

    @Test
    void theApplicationsClassesHoldNoSandbox() throws URISyntaxException {
        Path classes = Path.of(WritebackApplication.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertThat(classes.resolve("io/writeback")).isDirectory();
        assertThat(Files.exists(classes.resolve("io/writeback/sandbox"))).isFalse();
    }
}
