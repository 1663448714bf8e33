package dev.examsessions.bootstrap.arch;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;

/**
 * Imports production classes only: besides test-classes folders, leaves out the modules' test-jars
 * (contract suites, fakes, test utilities), which Maven puts on the classpath as {@code *-tests.jar}.
 */
public final class ProductionClassesOnly implements ImportOption {
    private static final ImportOption NO_TEST_FOLDERS = new ImportOption.DoNotIncludeTests();

    @Override
    public boolean includes(Location location) {
        return NO_TEST_FOLDERS.includes(location) && !location.contains("-tests.jar");
    }
}
