package org.mpire4j.itests;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mpire4j.api.StartMethod;
import org.mpire4j.api.Task;
import org.mpire4j.api.WorkerPool;
import org.mpire4j.api.WorkerPoolFactory;
import org.osgi.framework.ServiceReference;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.service.ServiceAware;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * The services of core, thread and examples, used through the real api types: these classes are
 * wired to the api bundle like any other client bundle.
 */
@ExtendWith(ServiceExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServicesIT {

    @InjectService(timeout = 5000)
    WorkerPoolFactory factory;

    @InjectService(filter = "(" + StartMethod.NAME_PROPERTY + "=*)", timeout = 5000)
    ServiceAware<StartMethod> startMethods;

    @SuppressWarnings("rawtypes") // osgi-test injects only non-generic service types
    @InjectService(filter = "(" + Task.NAME_PROPERTY + "=*)", timeout = 5000)
    ServiceAware<Task> tasks;

    @Test
    void startMethodsAreDiscoverableByName() {
        List<Object> names = startMethods.getServiceReferences().stream()
                .map(ref -> ref.getProperty(StartMethod.NAME_PROPERTY))
                .toList();
        assertThat(names, hasItem(StartMethod.THREAD));
        ServiceReference<StartMethod> thread = startMethods.getServiceReferences().stream()
                .filter(ref -> StartMethod.THREAD.equals(ref.getProperty(StartMethod.NAME_PROPERTY)))
                .findFirst().orElseThrow();
        assertThat(thread.getBundle().getSymbolicName(), is("org.mpire4j.thread"));
        assertThat(startMethods.getService(thread).name(), is(StartMethod.THREAD));
    }

    @Test
    void factoryListsTheThreadStartMethod() {
        assertThat(factory.startMethods(), hasItem(StartMethod.THREAD));
    }

    @Test
    void poolFromTheFactoryServiceMapsOnThreads() {
        try (WorkerPool<Void> pool = factory.builder().jobs(2).startMethod(StartMethod.THREAD).build()) {
            List<Integer> squares = pool.map((ctx, x) -> x * x, List.of(1, 2, 3, 4));
            assertThat(squares, contains(1, 4, 9, 16));
        }
    }

    @Test
    void staticBuilderFindsTheEngineInsideTheFramework() {
        try (WorkerPool<Void> pool = WorkerPool.builder().jobs(2).startMethod(StartMethod.THREAD).build()) {
            List<Integer> squares = pool.map((ctx, x) -> x * x, List.of(1, 2, 3, 4));
            assertThat(squares, contains(1, 4, 9, 16));
        }
    }

    @Test
    void examplesBundleRegistersTasks() {
        List<ServiceReference<?>> refs = List.copyOf(tasks.getServiceReferences());
        assertThat(refs, not(empty()));
        for (ServiceReference<?> ref : refs) {
            assertThat(ref.getProperty(Task.NAME_PROPERTY), notNullValue());
        }
        assertThat(refs.stream().map(ref -> ref.getBundle().getSymbolicName()).toList(),
                hasItem("org.mpire4j.examples"));
    }
}
