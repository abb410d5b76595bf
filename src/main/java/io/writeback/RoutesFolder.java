package io.writeback;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * A routes folder reached through a symbolic link (a Kubernetes ConfigMap mount, a release symlink) loads: Camel
 * lists a {@code file:} pattern's folder without following a link to it, and would find no route. The folder of
 * {@code camel.main.routes-include-pattern} is replaced by its real path before Camel reads it.
 */
class RoutesFolder implements EnvironmentPostProcessor {

    static final String PATTERN = "camel.main.routes-include-pattern";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String pattern = environment.getProperty(PATTERN);
        if (pattern == null || !pattern.startsWith("file:") || pattern.contains(",")) {
            return;
        }
        String path = pattern.substring("file:".length());
        int slash = path.lastIndexOf('/');
        if (slash <= 0) {
            return;
        }
        Path folder = Path.of(path.substring(0, slash));
        if (!Files.isSymbolicLink(folder)) {
            return;
        }
        try {
            String real = "file:" + folder.toRealPath() + path.substring(slash);
            environment.getPropertySources().addFirst(new MapPropertySource("routes-folder", Map.of(PATTERN, real)));
        } catch (IOException e) {
            throw new UncheckedIOException("The routes folder " + folder.toAbsolutePath() + " is a link that does not"
                    + " resolve", e);
        }
    }
}
