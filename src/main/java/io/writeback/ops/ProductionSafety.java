package io.writeback.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * The production profile refuses to start with the development defaults: the API's sample passwords, a password
 * shorter than 12 characters, or a broker connection without credentials (production Artemis allows no anonymous
 * clients).
 */
@Component
@Profile("production")
class ProductionSafety {

    private static final Set<String> DEVELOPMENT_PASSWORDS = Set.of("writeback", "writeback-viewer", "change-me-api");
    private static final int MIN_PASSWORD_LENGTH = 12;

    ProductionSafety(@Value("${writeback.api.password}") String password,
                     @Value("${writeback.api.read-only-username:}") String readOnlyUsername,
                     @Value("${writeback.api.read-only-password:}") String readOnlyPassword,
                     @Value("${writeback.broker.username:}") String brokerUsername,
                     @Value("${writeback.broker.password:}") String brokerPassword) {
        List<String> problems = new ArrayList<>();
        checkPassword(problems, "writeback.api.password (WRITEBACK_API_PASSWORD)", password);
        if (!readOnlyUsername.isBlank()) {
            checkPassword(problems, "writeback.api.read-only-password (WRITEBACK_API_READ_ONLY_PASSWORD)",
                    readOnlyPassword);
        }
        if (brokerUsername.isBlank() || brokerPassword.isBlank()) {
            problems.add("writeback.broker.username and writeback.broker.password (WRITEBACK_BROKER_USERNAME,"
                    + " WRITEBACK_BROKER_PASSWORD) are required: the production broker allows no anonymous clients");
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Refusing to start the production profile: " + String.join("; ",
                    problems));
        }
    }

    private static void checkPassword(List<String> problems, String property, String password) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH || DEVELOPMENT_PASSWORDS.contains(password)) {
            problems.add(property + " must be set to a password of at least " + MIN_PASSWORD_LENGTH
                    + " characters that is not a development default");
        }
    }
}
