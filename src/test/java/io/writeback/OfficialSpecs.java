package io.writeback;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The carts' official machine-readable specs (Shopify Admin GraphQL 2025-01 introspection, …), read from the
 * directory {@code -Dwriteback.specs-dir} (default {@code ../shared/specs}); see README "Contract tests".
 */
public final class OfficialSpecs {

    private OfficialSpecs() {
    }

    /** The spec file, or the calling test is SKIPPED with a message saying which file is missing and where. */
    public static Path require(String fileName) {
        Path dir = Path.of(System.getProperty("writeback.specs-dir", "../shared/specs"));
        Path file = dir.resolve(fileName);
        if (!Files.isReadable(file)) {
            String message = "SKIPPED: official spec " + fileName + " not found in " + dir.toAbsolutePath()
                    + " (set -Dwriteback.specs-dir to the folder holding the carts' specs)";
            System.err.println(message);
            Assumptions.abort(message);
        }
        return file;
    }
}
