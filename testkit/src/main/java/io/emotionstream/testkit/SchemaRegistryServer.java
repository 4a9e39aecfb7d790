package io.emotionstream.testkit;

import io.emotionstream.broker.LocalSchemaRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real schema registry for a test class: the project's {@link LocalSchemaRegistry} (Apicurio Registry, in-memory
 * storage, 127.0.0.1), stopped after the class. The build unpacks the distribution (the parent's
 * {@code unpack-apicurio-registry} execution, bound in the modules that use this) and names its directory in
 * {@code -Demotionstream.apicurio.home}.
 *
 * <pre>{@code @RegisterExtension static final SchemaRegistryServer registry = new SchemaRegistryServer();}</pre>
 */
public final class SchemaRegistryServer implements BeforeAllCallback, AfterAllCallback {
    public static final String HOME_PROPERTY = LocalSchemaRegistry.HOME_PROPERTY;

    private LocalSchemaRegistry running;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        String home = System.getProperty(HOME_PROPERTY);
        if (home == null) {
            throw new IllegalStateException("no Apicurio Registry distribution: -D" + HOME_PROPERTY + " must name the "
                    + "directory the build unpacked it to (the module's pom binds unpack-apicurio-registry)");
        }
        running = LocalSchemaRegistry.start(
                Path.of(home), Optional.empty(), Files.createTempFile("apicurio-registry-", ".log"));
        System.err.println("[SchemaRegistryServer] " + context.getDisplayName() + ": Apicurio Registry at "
                + running.ccompatUrl() + " (log " + running.log() + ")");
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (running != null) {
            running.close();
            running = null;
        }
    }

    /** The Confluent-compatible API (what {@code RestSchemaRegistry} and Confluent clients speak). */
    public URI ccompatUrl() {
        return registry().ccompatUrl();
    }

    /** Apicurio's own API, for Apicurio's serdes ({@code apicurio.registry.url}). */
    public URI apicurioUrl() {
        return registry().apicurioUrl();
    }

    private LocalSchemaRegistry registry() {
        if (running == null) {
            throw new IllegalStateException("SchemaRegistryServer is used before the test class started it: "
                    + "register it as a static @RegisterExtension field");
        }
        return running;
    }
}
