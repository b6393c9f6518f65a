package io.edgeflow.inference.batching;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Collects single requests into batches and runs them on a bounded pool of worker threads, each
 * with its own {@link BatchRunner} (a DJL predictor is not thread-safe). While one worker runs a
 * batch, the next forms: with two workers the engine never waits for the queue.
 *
 * <p>Guarantees: every submitted request's future completes exactly once — with its output, with
 * {@link DeadlineExceededException} if its deadline passed before it ran, or with the runner's
 * exception. Closing stops new submissions (they complete with {@link CancellationException}) and
 * runs what is already queued without waiting for the delay. The queue is bounded: {@link #submit}
 * blocks while it is full.
 */
public final class DynamicBatcher<I, O> implements AutoCloseable {
    /** Deadline value for requests that have none. */
    public static final long NO_DEADLINE = Long.MAX_VALUE;

    private final BatchPolicy policy;
    private final BatchListener listener;
    private final LongSupplier nanoClock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    // Only one worker forms a batch at a time; the others wait here, not on the queue.
    private final ReentrantLock forming = new ReentrantLock();
    private final ArrayDeque<Pending<I, O>> queue = new ArrayDeque<>();
    private final List<Thread> workers = new ArrayList<>();
    private CompletableFuture<?> lastInOrder = CompletableFuture.completedFuture(null);
    private volatile long computeEstimateNanos;
    private boolean closed;

    private record Pending<I, O>(
            I input,
            long enqueuedNanos,
            long deadlineNanos,
            CompletableFuture<Batched<O>> result) {}

    public DynamicBatcher(
            String name,
            BatchPolicy policy,
            int workerCount,
            Supplier<? extends BatchRunner<I, O>> runners,
            BatchListener listener) {
        this(name, policy, workerCount, runners, listener, System::nanoTime);
    }

    DynamicBatcher(
            String name,
            BatchPolicy policy,
            int workerCount,
            Supplier<? extends BatchRunner<I, O>> runners,
            BatchListener listener,
            LongSupplier nanoClock) {
        this.policy = policy;
        this.listener = listener;
        this.nanoClock = nanoClock;
        for (int i = 0; i < workerCount; i++) {
            Thread t = new Thread(() -> work(runners), name + "-batch-" + i);
            t.setDaemon(true);
            workers.add(t);
        }
        workers.forEach(Thread::start);
    }

    public BatchPolicy policy() {
        return policy;
    }

    /**
     * Queues one request, blocking while the queue is full.
     *
     * @param deadlineNanos on this batcher's nano clock ({@link System#nanoTime()}), or {@link
     *     #NO_DEADLINE}
     */
    public CompletableFuture<Batched<O>> submit(I input, long deadlineNanos)
            throws InterruptedException {
        CompletableFuture<Batched<O>> result = new CompletableFuture<>();
        lock.lockInterruptibly();
        try {
            while (queue.size() >= policy.queueCapacity() && !closed) {
                notFull.await();
            }
            if (closed) {
                result.completeExceptionally(new CancellationException("batcher closed"));
                return result;
            }
            queue.addLast(new Pending<>(input, nanoClock.getAsLong(), deadlineNanos, result));
            // The forming worker waits for a first request, then for the batch to fill or its
            // delay to pass: only these moments, and a deadline that may close it sooner, need
            // a wake-up — not every request (a futex call and a context switch each).
            if (queue.size() == 1
                    || queue.size() >= policy.fullSize()
                    || deadlineNanos != NO_DEADLINE) {
                changed.signalAll();
            }
            if (policy.order() == BatchPolicy.ResultOrder.SUBMISSION) {
                return inSubmissionOrder(result);
            }
            return result;
        } finally {
            lock.unlock();
        }
    }

    /** Called under the lock: the returned future completes after every earlier one. */
    private CompletableFuture<Batched<O>> inSubmissionOrder(CompletableFuture<Batched<O>> result) {
        CompletableFuture<Batched<O>> ordered =
                lastInOrder.handle((ignored, error) -> null).thenCompose(ignored -> result);
        lastInOrder = ordered;
        return ordered;
    }

    /** Wakes the forming worker to re-read the clock (tests drive a manual clock). */
    void clockAdvanced() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Requests queued and not yet taken into a batch. */
    public int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    private void work(Supplier<? extends BatchRunner<I, O>> runners) {
        try (BatchRunner<I, O> runner = runners.get()) {
            while (true) {
                List<Pending<I, O>> batch;
                forming.lockInterruptibly();
                try {
                    batch = takeBatch();
                } finally {
                    forming.unlock();
                }
                if (batch == null) {
                    return;
                }
                run(runner, batch);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // The runner failed to close; nothing is pending on it any more.
        }
    }

    /** The next batch, or null once closed. Waits as the policy says. */
    private List<Pending<I, O>> takeBatch() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (true) {
                while (queue.isEmpty() && !closed) {
                    changed.await();
                }
                if (closed && queue.isEmpty()) {
                    return null;
                }
                long now = nanoClock.getAsLong();
                expire(now);
                if (queue.isEmpty()) {
                    continue;
                }
                long closeAt = closeAt();
                if (queue.size() >= policy.fullSize() || now >= closeAt || closed) {
                    int n = policy.sizeToTake(queue.size());
                    List<Pending<I, O>> batch = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        batch.add(queue.pollFirst());
                    }
                    notFull.signalAll();
                    return batch;
                }
                changed.awaitNanos(closeAt - now);
            }
        } finally {
            lock.unlock();
        }
    }

    /** When the current batch must close: max delay of its oldest, or a deadline coming up. */
    private long closeAt() {
        long closeAt = queue.peekFirst().enqueuedNanos() + policy.maxQueueDelay().toNanos();
        long estimate = computeEstimateNanos;
        int considered = 0;
        for (Pending<I, O> p : queue) {
            if (considered++ == policy.maxBatchSize()) {
                break;
            }
            if (p.deadlineNanos() != NO_DEADLINE) {
                closeAt = Math.min(closeAt, p.deadlineNanos() - estimate);
            }
        }
        return closeAt;
    }

    /**
     * Answers queued requests whose deadline has passed without running them. Runs under the lock;
     * the lock is reentrant, so a completion callback may submit again.
     */
    private void expire(long now) {
        List<Pending<I, O>> expired = new ArrayList<>();
        queue.removeIf(
                p -> {
                    boolean late = p.deadlineNanos() != NO_DEADLINE && p.deadlineNanos() < now;
                    if (late) {
                        expired.add(p);
                    }
                    return late;
                });
        if (!expired.isEmpty()) {
            notFull.signalAll();
        }
        for (Pending<I, O> p : expired) {
            p.result()
                    .completeExceptionally(
                            new DeadlineExceededException(
                                    "deadline passed after "
                                            + TimeUnit.NANOSECONDS.toMicros(now - p.enqueuedNanos())
                                            + " µs in the queue"));
        }
    }

    private void run(BatchRunner<I, O> runner, List<Pending<I, O>> batch) {
        long start = nanoClock.getAsLong();
        List<Pending<I, O>> live = new ArrayList<>(batch.size());
        for (Pending<I, O> p : batch) {
            if (p.deadlineNanos() != NO_DEADLINE && p.deadlineNanos() < start) {
                p.result()
                        .completeExceptionally(
                                new DeadlineExceededException(
                                        "deadline passed "
                                                + TimeUnit.NANOSECONDS.toMicros(
                                                        start - p.deadlineNanos())
                                                + " µs before the batch ran"));
            } else {
                live.add(p);
            }
        }
        if (live.isEmpty()) {
            return;
        }
        List<I> inputs = new ArrayList<>(live.size());
        for (Pending<I, O> p : live) {
            inputs.add(p.input());
        }
        long oldestQueue = start - live.get(0).enqueuedNanos();
        try {
            List<O> outputs = runner.run(inputs);
            long compute = nanoClock.getAsLong() - start;
            if (outputs.size() != live.size()) {
                throw new IllegalStateException(
                        "runner returned " + outputs.size() + " outputs for " + live.size());
            }
            computeEstimateNanos =
                    computeEstimateNanos == 0 ? compute : (3 * computeEstimateNanos + compute) / 4;
            listener.onBatch(live.size(), oldestQueue, compute, false);
            for (int i = 0; i < live.size(); i++) {
                Pending<I, O> p = live.get(i);
                p.result()
                        .complete(
                                new Batched<>(
                                        outputs.get(i),
                                        start - p.enqueuedNanos(),
                                        compute,
                                        live.size()));
            }
        } catch (Exception | LinkageError e) {
            listener.onBatch(live.size(), oldestQueue, nanoClock.getAsLong() - start, true);
            for (Pending<I, O> p : live) {
                p.result().completeExceptionally(e);
            }
        }
    }

    /** Refuses new requests, runs the queued ones, and stops the workers. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
        for (Thread t : workers) {
            try {
                t.join(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
