package org.mpire4j.hazelcast.internal;

import com.hazelcast.cluster.Member;
import com.hazelcast.collection.IQueue;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.nio.serialization.HazelcastSerializationException;
import com.hazelcast.spi.exception.TargetDisconnectedException;
import com.hazelcast.spi.exception.TargetNotMemberException;
import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.mpire4j.api.spi.WorkerEvents;
import org.mpire4j.api.spi.WorkerHandle;
import org.mpire4j.api.spi.WorkerLaunch;
import org.mpire4j.process.Codec;
import org.mpire4j.process.JdkSerializationCodec;

/**
 * The parent's handle on one worker running on a cluster member: a writer thread offers queued
 * messages to the worker's inbound queue (so {@link #send} never blocks), a reader thread polls its
 * outbound queue and delivers what arrives, and the worker's end is reported exactly once, after its
 * last delivered message: from its {@link Signals.Ended} message, from a kill, from its member
 * leaving the cluster, or from its submission failing.
 */
final class HazelcastWorker implements WorkerHandle {

    private static final System.Logger LOG = System.getLogger(HazelcastWorker.class.getName());
    private static final Object END_OF_INPUT = new Object();
    /** How long queue operations are retried while the cluster recovers from a member leaving. */
    private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final Connection connection;
    private final Member member;
    private final int workerId;
    private final WorkerEvents events;
    private final IQueue<byte[]> in;
    private final IQueue<byte[]> out;
    private final Codec codec;
    private final LinkedBlockingQueue<Object> outbox = new LinkedBlockingQueue<>();
    private final Object deliveryLock = new Object();
    private boolean endReported;
    private volatile boolean ending;
    private volatile Future<Boolean> future;

    private HazelcastWorker(Connection connection, Member member, WorkerLaunch launch, String channel) {
        this.connection = connection;
        this.member = member;
        this.workerId = launch.workerId();
        this.events = launch.events();
        this.in = connection.client().getQueue(inbound(channel));
        this.out = connection.client().getQueue(outbound(channel));
        this.codec = new JdkSerializationCodec(new CodeLoader(launch.program().getClass().getClassLoader(), launch.code()));
    }

    /** Places the worker on its member, sends it (with the program when that member lacks it) and starts its threads. */
    static HazelcastWorker start(Connection connection, WorkerLaunch launch) throws IOException {
        var members = connection.members();
        if (members.isEmpty()) {
            throw new IOException("The Hazelcast cluster has no data members to run workers on");
        }
        Member member = members.get(launch.workerId() % members.size());
        int onMember = launch.workerId() / members.size() + 1;
        if (onMember > org.mpire4j.hazelcast.Member.WORKER_THREADS) {
            // A worker beyond the member's executor threads would wait in its queue, with chunks sent to it:
            // the map would never end.
            throw new IOException("Worker " + launch.workerId() + " would be worker number " + onMember + " on member "
                    + member.getAddress() + ", which runs at most " + org.mpire4j.hazelcast.Member.WORKER_THREADS
                    + ": use at most " + org.mpire4j.hazelcast.Member.WORKER_THREADS * members.size()
                    + " jobs on these " + members.size() + " members, or add members");
        }
        // The queues live in a partition that the worker's member owns: each message then crosses the
        // network once, between this JVM and that member, instead of passing through a third member.
        String channel = "mpire4j." + launch.poolName() + ".worker-" + launch.workerId() + "." + UUID.randomUUID()
                + connection.partitionSuffix(member);
        HazelcastWorker worker = new HazelcastWorker(connection, member, launch, channel);
        Connection.Shipment shipment = connection.ship(launch, member);
        RemoteWorker remote = new RemoteWorker(connection.id(), shipment.programId(), shipment.program(),
                shipment.code(), launch.workerId(), inbound(channel), outbound(channel));
        connection.started(worker);
        try {
            worker.future = connection.client().getExecutorService(org.mpire4j.hazelcast.Member.EXECUTOR)
                    .submitToMember(remote, member);
        } catch (RuntimeException e) {
            connection.notShipped(launch.program(), member, shipment);
            connection.ended(worker);
            worker.in.destroy();
            worker.out.destroy();
            throw new IOException("Cannot start worker " + launch.workerId() + " on member " + member.getAddress() + ": " + e, e);
        }
        String name = launch.poolName() + "-worker-" + launch.workerId() + "-hazelcast";
        Thread.ofPlatform().name(name + "-writer").daemon(true).start(worker::writeLoop);
        Thread.ofPlatform().name(name + "-reader").daemon(true).start(worker::readLoop);
        if (worker.future instanceof CompletionStage<?> stage) {
            stage.whenComplete((reported, failure) -> worker.submissionEnded((Boolean) reported, failure));
        } else {
            Future<Boolean> f = worker.future;
            Thread.ofVirtual().name(name + "-watcher").start(() -> {
                try {
                    worker.submissionEnded(f.get(), null);
                } catch (ExecutionException | CancellationException e) {
                    worker.submissionEnded(null, e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        return worker;
    }

    /** The inbound queue's name: {@code base.in}, before the partition key if there is one. */
    private static String inbound(String channel) {
        return named(channel, ".in");
    }

    private static String outbound(String channel) {
        return named(channel, ".out");
    }

    private static String named(String channel, String direction) {
        int at = channel.indexOf('@');
        return at < 0 ? channel + direction : channel.substring(0, at) + direction + channel.substring(at);
    }

    Member member() {
        return member;
    }

    @Override
    public void send(Object message) {
        if (!ending) {
            outbox.add(message);
        }
    }

    /** Interrupts the worker's thread on its member, ahead of the messages queued here. */
    @Override
    public boolean interrupt() {
        if (ending) {
            return false;
        }
        Thread.ofVirtual().name("mpire4j-hazelcast-interrupt-" + workerId).start(() -> {
            try {
                in.offer(codec.encode(Control.INTERRUPT));
            } catch (IOException | RuntimeException e) {
                // The engine abandons and replaces a worker that does not give up its task in time.
                LOG.log(System.Logger.Level.DEBUG, "Cannot interrupt " + describe() + ": " + e);
            }
        });
        return true;
    }

    @Override
    public void kill() {
        if (!end("killed", null)) {
            return;
        }
        // Off the caller's thread: these are remote calls.
        Thread.ofVirtual().name("mpire4j-hazelcast-kill-" + workerId).start(() -> {
            try {
                // The member side stops at the pill (or the interrupt), then removes both queues itself.
                in.offer(codec.encode(Control.KILL));
                Future<Boolean> f = future;
                if (f != null) {
                    f.cancel(true);
                }
            } catch (IOException | RuntimeException e) {
                destroyQueues();
            }
        });
    }

    @Override
    public String describe() {
        return "hazelcast worker " + workerId + " on member " + member.getAddress();
    }

    /** Its member left the cluster: the worker is gone with it. */
    void memberLeft(Member gone) {
        if (end("member " + gone.getAddress() + " left", null)) {
            destroyQueues();
        }
    }

    private void submissionEnded(Boolean reported, Throwable failure) {
        if (failure == null) {
            if (!Boolean.TRUE.equals(reported)) {
                // It ended without a word on its queue (killed, or the queue failed): nothing more will come.
                if (end("ended on member " + member.getAddress() + " without reporting how", null)) {
                    destroyQueues();
                }
            }
            return;
        }
        Throwable cause = failure instanceof CompletionException || failure instanceof ExecutionException
                ? failure.getCause() : failure;
        if (cause instanceof CancellationException) {
            return;
        }
        if (cause instanceof MemberLeftException || cause instanceof TargetDisconnectedException
                || cause instanceof TargetNotMemberException) {
            // The connection to its member broke: the member left (now, or soon: the membership listener
            // then ends the worker), or the connection comes back and the worker's end arrives on its queue.
            if (!connection.client().getCluster().getMembers().contains(member)) {
                memberLeft(member);
            }
        } else if (end("failed on member " + member.getAddress() + ": " + cause, cause)) {
            destroyQueues();
        }
    }

    /** Reports the end once; {@code false} if it was already reported. */
    private boolean end(String howItEnded, Throwable error) {
        synchronized (deliveryLock) {
            if (endReported) {
                return false;
            }
            endReported = true;
            ending = true;
        }
        outbox.add(END_OF_INPUT);
        connection.ended(this);
        events.exited(howItEnded, error);
        return true;
    }

    private void destroyQueues() {
        try {
            in.destroy();
            out.destroy();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "Cannot remove the queues of " + describe() + ": " + e);
        }
    }

    private void writeLoop() {
        try {
            while (true) {
                Object message = outbox.take();
                if (message == END_OF_INPUT) {
                    return;
                }
                byte[] bytes;
                try {
                    bytes = codec.encode(message);
                } catch (IOException e) {
                    throw new IllegalArgumentException("cannot encode a message for it: " + e, e);
                }
                long failingSince = 0;
                while (!ending) {
                    try {
                        in.offer(bytes);
                        break;
                    } catch (HazelcastSerializationException e) {
                        throw e;
                    } catch (RuntimeException e) {
                        // The queue's partition owner may be another member that just left: its backup takes over.
                        failingSince = retryOrThrow(e, failingSince);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (!ending) {
                LOG.log(System.Logger.Level.WARNING, "Cannot send to " + describe() + ": " + e);
                if (end("cannot send to it: " + e, e)) {
                    kill0();
                }
            }
        }
    }

    /** Waits a moment before retrying a failed queue operation; rethrows once it failed for too long or for good. */
    private long retryOrThrow(RuntimeException e, long failingSince) throws InterruptedException {
        long now = System.nanoTime();
        long since = failingSince == 0 ? now : failingSince;
        if (!connection.client().getLifecycleService().isRunning() || now - since > RETRY_NANOS) {
            throw e;
        }
        LOG.log(System.Logger.Level.DEBUG, describe() + ": retrying after " + e);
        Thread.sleep(100); // back-off between retries of a remote call, not synchronisation
        return since;
    }

    private void kill0() {
        Future<Boolean> f = future;
        if (f != null) {
            f.cancel(true);
        }
        destroyQueues();
    }

    private void readLoop() {
        long failingSince = 0;
        try {
            while (!ending) {
                byte[] bytes;
                try {
                    bytes = out.poll(500, TimeUnit.MILLISECONDS);
                    failingSince = 0;
                } catch (HazelcastSerializationException e) {
                    throw e;
                } catch (RuntimeException e) {
                    failingSince = retryOrThrow(e, failingSince);
                    continue;
                }
                if (bytes == null) {
                    continue;
                }
                Object message;
                try {
                    message = codec.decode(bytes);
                } catch (IOException e) {
                    throw new IllegalStateException("cannot read its message: " + e, e);
                }
                if (message instanceof Signals.Ended ended) {
                    if (end(ended.howItEnded(), ended.error())) {
                        destroyQueues();
                    }
                    return;
                }
                synchronized (deliveryLock) {
                    if (endReported) {
                        return;
                    }
                    events.message(message);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (!ending && end("lost its channel: " + e, e)) {
                kill0();
            }
        }
    }
}
