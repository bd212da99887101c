package org.mpire4j.thread.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.sameInstance;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mpire4j.api.spi.WorkerEvents;
import org.mpire4j.api.spi.WorkerHandle;
import org.mpire4j.api.spi.WorkerLaunch;
import org.mpire4j.api.spi.WorkerProgram;

/** The thread start method against its SPI contract, without the engine. */
@Timeout(30)
class ThreadStartMethodTest {

    /** Collects what a worker reports. */
    static final class Recorder implements WorkerEvents {
        final LinkedBlockingQueue<Object> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<String> ended = new CompletableFuture<>();

        @Override
        public void message(Object message) {
            messages.add(message);
        }

        @Override
        public void exited(String howItEnded, Throwable error) {
            ended.complete(howItEnded);
        }
    }

    private static WorkerHandle start(WorkerProgram program, Recorder events, Map<String, String> options) {
        return new ThreadStartMethod().start(new WorkerLaunch("test", 0, program, events, options, java.util.Set.of()));
    }

    @Test
    void messagesTravelByReferenceBothWays() throws Exception {
        Recorder events = new Recorder();
        WorkerHandle handle = start((id, endpoint) -> endpoint.send(endpoint.receive()), events, Map.of());
        Object payload = new Object();
        handle.send(payload);
        assertThat(events.messages.poll(10, TimeUnit.SECONDS), sameInstance(payload));
        assertThat(events.ended.get(10, TimeUnit.SECONDS), is("returned"));
    }

    @Test
    void workersArePlatformDaemonThreadsByDefaultAndVirtualOnRequest() throws Exception {
        for (var option : List.of(Map.<String, String>of(), Map.of("virtualThreads", "true"))) {
            Recorder events = new Recorder();
            start((id, endpoint) -> endpoint.send(List.of(Thread.currentThread().isVirtual(),
                    Thread.currentThread().isDaemon(), Thread.currentThread().getName())), events, option);
            List<?> seen = (List<?>) events.messages.poll(10, TimeUnit.SECONDS);
            assertThat(seen.get(0), is(!option.isEmpty()));
            assertThat(seen.get(1), is(true));
            assertThat((String) seen.get(2), is("test-worker-0"));
        }
    }

    @Test
    void unknownOrBadOptionsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> start((id, endpoint) -> { }, new Recorder(), Map.of("turbo", "yes")));
        assertThat(e.getMessage(), containsString("Unknown option 'turbo'"));
        e = assertThrows(IllegalArgumentException.class,
                () -> start((id, endpoint) -> { }, new Recorder(), Map.of("virtualThreads", "maybe")));
        assertThat(e.getMessage(), containsString("'maybe'"));
    }

    @Test
    void killEndsAWaitingWorkerAndReportsOnce() throws Exception {
        Recorder events = new Recorder();
        CompletableFuture<Class<?>> failure = new CompletableFuture<>();
        WorkerHandle handle = start((id, endpoint) -> {
            try {
                endpoint.receive();
            } catch (IOException e) {
                failure.complete(e.getClass());
            }
        }, events, Map.of());
        handle.kill();
        assertThat(events.ended.get(10, TimeUnit.SECONDS), is("killed"));
        assertThat(failure.get(10, TimeUnit.SECONDS).getSimpleName(), is("InterruptedIOException"));
    }

    @Test
    void aStrayInterruptDoesNotEndAWorker() throws Exception {
        Recorder events = new Recorder();
        WorkerHandle handle = start((id, endpoint) -> endpoint.send(endpoint.receive()), events, Map.of());
        handle.interrupt();
        handle.send("still here");
        assertThat(events.messages.poll(10, TimeUnit.SECONDS), is("still here"));
        assertThat(List.of(events.ended.get(10, TimeUnit.SECONDS)), everyItem(is("returned")));
    }
}
