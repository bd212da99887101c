package org.mpire4j.core.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import org.mpire4j.api.StartMethod;

/**
 * The engine outside OSGi, found by {@link ServiceLoader}: start methods come from ServiceLoader
 * too, the default being the system property {@value StartMethod#DEFAULT_PROPERTY} or else the one
 * with the highest {@link StartMethod#ranking()}.
 */
public final class ServiceLoaderEngine extends Engine {

    /** Creates the engine; called by {@link ServiceLoader}. */
    public ServiceLoaderEngine() {
        super(new LoadedStartMethods());
    }

    private static final class LoadedStartMethods implements StartMethodCatalog {
        private final List<StartMethod> methods;

        LoadedStartMethods() {
            List<StartMethod> found = new ArrayList<>();
            ServiceLoader.load(StartMethod.class, StartMethod.class.getClassLoader()).forEach(found::add);
            if (found.isEmpty()) {
                ServiceLoader.load(StartMethod.class).forEach(found::add);
            }
            found.sort(Comparator.comparingInt(StartMethod::ranking).reversed().thenComparing(StartMethod::name));
            this.methods = List.copyOf(found);
        }

        @Override
        public String defaultName() {
            String configured = System.getProperty(StartMethod.DEFAULT_PROPERTY);
            if (configured != null && !configured.isBlank()) {
                return configured;
            }
            return methods.isEmpty() ? null : methods.getFirst().name();
        }

        @Override
        public StartMethod find(String name) {
            return methods.stream().filter(m -> m.name().equals(name)).findFirst().orElse(null);
        }

        @Override
        public List<String> names() {
            return methods.stream().map(StartMethod::name).toList();
        }
    }
}
