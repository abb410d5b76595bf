package io.writeback.sandbox;

import io.writeback.WritebackApplication;
import org.springframework.boot.SpringApplication;

/**
 * The application with its sandbox carts and their demo stores (profile {@code sandbox}): what
 * {@code mvn spring-boot:test-run} starts. The sandbox is a source set of its own, on the test classpath only, so the
 * jar production runs has none of it.
 */
public final class SandboxApplication {

    private SandboxApplication() {
    }

    public static void main(String[] args) {
        SpringApplication.from(WritebackApplication::main).withAdditionalProfiles("sandbox").run(args);
    }
}
