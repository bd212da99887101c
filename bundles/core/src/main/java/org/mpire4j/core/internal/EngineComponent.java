package org.mpire4j.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import org.mpire4j.api.MapObserver;
import org.mpire4j.api.StartMethod;
import org.mpire4j.api.WorkerPoolFactory;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The engine inside OSGi: the {@link WorkerPoolFactory} service, with a whiteboard of the
 * {@link StartMethod} services installed now. The default start method is the framework property
 * {@value StartMethod#DEFAULT_PROPERTY}, else the one with the highest service ranking.
 */
// Immediate: the engine lives as long as its bundle, as its users assume (the shell gets it, ungets it and
// keeps using it). Delayed, SCR deactivates it whenever nobody holds the service, which unbinds every start
// method from the instance a caller still has: in a framework where nothing else holds the engine (a bare
// Karaf with the mpire4j feature), mpire:run then found no start method.
@Component(service = WorkerPoolFactory.class, immediate = true)
public final class EngineComponent extends Engine {

    /** Start methods by service reference, highest ranking first. */
    private final Map<ServiceReference<StartMethod>, StartMethod> startMethods =
            new ConcurrentSkipListMap<>(java.util.Collections.reverseOrder());
    private volatile String configuredDefault;

    /** Creates the component. */
    public EngineComponent() {
        this(new Catalog());
    }

    private EngineComponent(Catalog catalog) {
        super(catalog);
        catalog.owner = this;
    }

    @Activate
    void activate(BundleContext context) {
        configuredDefault = context.getProperty(StartMethod.DEFAULT_PROPERTY);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(" + StartMethod.NAME_PROPERTY + "=*)")
    void addStartMethod(ServiceReference<StartMethod> reference, StartMethod startMethod) {
        startMethods.put(reference, startMethod);
    }

    void removeStartMethod(ServiceReference<StartMethod> reference) {
        StartMethod removed = startMethods.remove(reference);
        if (removed != null) {
            startMethodRemoved(removed, String.valueOf(reference.getProperty(StartMethod.NAME_PROPERTY)));
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addObserver(MapObserver observer) {
        observers.add(observer);
    }

    void removeObserver(MapObserver observer) {
        observers.remove(observer);
    }

    private static final class Catalog implements StartMethodCatalog {
        EngineComponent owner;

        @Override
        public String defaultName() {
            String configured = owner.configuredDefault;
            if (configured != null && !configured.isBlank()) {
                return configured;
            }
            List<String> names = names();
            return names.isEmpty() ? null : names.getFirst();
        }

        @Override
        public StartMethod find(String name) {
            for (Map.Entry<ServiceReference<StartMethod>, StartMethod> entry : owner.startMethods.entrySet()) {
                if (name.equals(entry.getKey().getProperty(StartMethod.NAME_PROPERTY))) {
                    return entry.getValue();
                }
            }
            return null;
        }

        @Override
        public List<String> names() {
            List<String> names = new ArrayList<>();
            for (ServiceReference<StartMethod> reference : owner.startMethods.keySet()) {
                names.add(String.valueOf(reference.getProperty(StartMethod.NAME_PROPERTY)));
            }
            return names;
        }
    }
}
