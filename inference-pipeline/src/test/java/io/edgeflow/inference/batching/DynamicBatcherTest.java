package io.edgeflow.inference.batching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeflow.inference.batching.BatchPolicy.ResultOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The batcher on its own. Timing rules run on a manual clock, so "waited the max delay" is exact
 * and no assertion depends on how fast this machine is.
 */
class DynamicBatcherTest {
    static final long MS = 1_000_000L;

    /** Doubles its inputs and records every batch it saw. */
    static final class Doubler implements BatchRunner<Integer, Integer> {
        final List<List<Integer>> batches = Collections.synchronizedList(new ArrayList<>());

        @Override
        public List<Integer> run(List<Integer> inputs) {
            batches.add(List.copyOf(inputs));
            return inputs.stream().map(i -> 2 * i).toList();
        }
    }

    @Test
    void aPartialBatchWaitsExactlyTheMaxQueueDelay() throws Exception {
        AtomicLong clock = new AtomicLong(0);
        Doubler runner = new Doubler();
        try (DynamicBatcher<Integer, Integer> b =
                new DynamicBatcher<>(
                        "t",
                        BatchPolicy.of(8, Duration.ofMillis(10)),
                        1,
                        () -> runner,
                        BatchListener.NONE,
                        clock::get)) {
            List<CompletableFuture<Batched<Integer>>> fs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                fs.add(b.submit(i, DynamicBatcher.NO_DEADLINE));
            }
            clock.set(9 * MS);
            b.clockAdvanced();
            Thread.sleep(100);
            assertThat(runner.batches).as("nothing runs before the delay").isEmpty();
            assertThat(b.queued()).isEqualTo(3);

            clock.set(10 * MS);
            b.clockAdvanced();
            for (int i = 0; i < 3; i++) {
                Batched<Integer> r = fs.get(i).get(10, TimeUnit.SECONDS);
                assertThat(r.value()).isEqualTo(2 * i);
                assertThat(r.batchSize()).isEqualTo(3);
                assertThat(r.queueNanos()).isEqualTo(10 * MS);
            }
            assertThat(runner.batches).containsExactly(List.of(0, 1, 2));
        }
    }

    @Test
    void aFullBatchRunsWithoutWaiting() throws Exception {
        AtomicLong clock = new AtomicLong(0);
        Doubler runner = new Doubler();
        try (DynamicBatcher<Integer, Integer> b =
                new DynamicBatcher<>(
                        "t",
                        BatchPolicy.of(4, Duration.ofHours(1)),
                        1,
                        () -> runner,
                        BatchListener.NONE,
                        clock::get)) {
            List<CompletableFuture<Batched<Integer>>> fs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                fs.add(b.submit(i, DynamicBatcher.NO_DEADLINE));
            }
            assertThat(fs.get(3).get(10, TimeUnit.SECONDS).batchSize()).isEqualTo(4);
            assertThat(fs.get(0).get().queueNanos()).isZero();
        }
    }

    @Test
    void preferredSizesDecideWhereABatchCloses() {
        BatchPolicy p = BatchPolicy.of(16, Duration.ofMillis(5)).withPreferred(8, 4);
        assertThat(p.fullSize()).isEqualTo(8);
        assertThat(p.sizeToTake(20)).isEqualTo(8);
        assertThat(p.sizeToTake(7)).isEqualTo(4);
        assertThat(p.sizeToTake(3)).as("below every preferred size: all of them").isEqualTo(3);
        assertThat(BatchPolicy.of(16, Duration.ZERO).sizeToTake(40)).isEqualTo(16);
    }

    @Test
    void aBatchClosesEarlyForADeadlineAndLateRequestsAreAnsweredWithoutRunning() throws Exception {
        AtomicLong clock = new AtomicLong(0);
        Doubler runner = new Doubler();
        try (DynamicBatcher<Integer, Integer> b =
                new DynamicBatcher<>(
                        "t",
                        BatchPolicy.of(8, Duration.ofMillis(10)),
                        1,
                        () -> runner,
                        BatchListener.NONE,
                        clock::get)) {
            CompletableFuture<Batched<Integer>> late = b.submit(1, -1);
            assertThatThrownBy(() -> late.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(DeadlineExceededException.class);

            CompletableFuture<Batched<Integer>> urgent = b.submit(2, 4 * MS);
            CompletableFuture<Batched<Integer>> relaxed = b.submit(3, DynamicBatcher.NO_DEADLINE);
            clock.set(4 * MS);
            b.clockAdvanced();
            assertThat(urgent.get(10, TimeUnit.SECONDS).queueNanos())
                    .as("closed at the deadline, before the 10 ms delay")
                    .isEqualTo(4 * MS);
            assertThat(relaxed.get(10, TimeUnit.SECONDS).batchSize()).isEqualTo(2);
            assertThat(runner.batches).containsExactly(List.of(2, 3));
        }
    }

    @Test
    void aFullQueueBlocksTheSubmitterUntilAWorkerTakesABatch() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        BatchRunner<Integer, Integer> blocking =
                inputs -> {
                    release.await();
                    return inputs;
                };
        // The manual clock never reaches the delay: batches close only when full (4).
        AtomicLong clock = new AtomicLong(0);
        try (DynamicBatcher<Integer, Integer> b =
                new DynamicBatcher<>(
                        "t",
                        BatchPolicy.of(4, Duration.ofMillis(10)).withQueueCapacity(4),
                        1,
                        () -> blocking,
                        BatchListener.NONE,
                        clock::get)) {
            List<CompletableFuture<Batched<Integer>>> fs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                fs.add(b.submit(i, DynamicBatcher.NO_DEADLINE));
            }
            // The worker holds the first batch; fill the queue behind it.
            while (b.queued() > 0) {
                Thread.sleep(5);
            }
            for (int i = 4; i < 8; i++) {
                fs.add(b.submit(i, DynamicBatcher.NO_DEADLINE));
            }
            CompletableFuture<Void> ninth =
                    CompletableFuture.runAsync(
                            () -> {
                                try {
                                    fs.add(b.submit(8, DynamicBatcher.NO_DEADLINE));
                                } catch (InterruptedException e) {
                                    throw new RuntimeException(e);
                                }
                            });
            Thread.sleep(200);
            assertThat(ninth).as("blocked by backpressure").isNotDone();
            release.countDown();
            ninth.get(10, TimeUnit.SECONDS);
            // The ninth request is alone in its batch: let the delay pass for it.
            clock.set(Duration.ofSeconds(1).toNanos());
            b.clockAdvanced();
            for (CompletableFuture<Batched<Integer>> f : fs) {
                f.get(10, TimeUnit.SECONDS);
            }
            assertThat(fs).hasSize(9);
        }
    }

    @Test
    void closingRunsWhatIsQueuedAtOnceAndRefusesNewRequests() throws Exception {
        AtomicLong clock = new AtomicLong(0);
        Doubler runner = new Doubler();
        DynamicBatcher<Integer, Integer> b =
                new DynamicBatcher<>(
                        "t",
                        BatchPolicy.of(8, Duration.ofHours(1)),
                        1,
                        () -> runner,
                        BatchListener.NONE,
                        clock::get);
        CompletableFuture<Batched<Integer>> queued = b.submit(1, DynamicBatcher.NO_DEADLINE);
        b.close();
        assertThat(queued).isCompleted();
        assertThat(queued.get().value()).isEqualTo(2);
        CompletableFuture<Batched<Integer>> refused = b.submit(2, DynamicBatcher.NO_DEADLINE);
        // get() reports a cancellation cause as CancellationException itself.
        assertThatThrownBy(refused::get)
                .isInstanceOf(CancellationException.class)
                .hasMessage("batcher closed");
        assertThat(runner.batches).containsExactly(List.of(1));
    }

    @Test
    void anEngineErrorFailsEveryRequestOfItsBatchAndTheWorkerGoesOn() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        BatchRunner<Integer, Integer> flaky =
                inputs -> {
                    if (calls.getAndIncrement() == 0) {
                        throw new IllegalStateException("engine fell over");
                    }
                    return inputs;
                };
        try (DynamicBatcher<Integer, Integer> b =
                new DynamicBatcher<>(
                        "t",
                        BatchPolicy.of(2, Duration.ZERO),
                        1,
                        () -> flaky,
                        BatchListener.NONE)) {
            CompletableFuture<Batched<Integer>> first = b.submit(1, DynamicBatcher.NO_DEADLINE);
            assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS))
                    .hasRootCauseMessage("engine fell over");
            assertThat(b.submit(2, DynamicBatcher.NO_DEADLINE).get(10, TimeUnit.SECONDS).value())
                    .isEqualTo(2);
        }
    }

    /**
     * Many submitters, several workers, random policies: every request is run exactly once and
     * answered exactly once with its own output; no batch exceeds the maximum; in SUBMISSION order
     * results complete in the order they were submitted.
     */
    @Property(tries = 25)
    void noRequestIsLostOrAnsweredTwice(
            @ForAll @IntRange(min = 1, max = 400) int requests,
            @ForAll @IntRange(min = 1, max = 16) int maxBatch,
            @ForAll @IntRange(min = 1, max = 3) int workers,
            @ForAll @IntRange(min = 0, max = 2) int delayMillis,
            @ForAll boolean ordered)
            throws Exception {
        ConcurrentHashMap<Integer, Integer> runs = new ConcurrentHashMap<>();
        AtomicInteger maxSeen = new AtomicInteger();
        BatchPolicy policy =
                BatchPolicy.of(maxBatch, Duration.ofMillis(delayMillis))
                        .withOrder(ordered ? ResultOrder.SUBMISSION : ResultOrder.UNORDERED);
        // In submission order, a result completes only after every earlier one: when a result's
        // callback runs, its predecessor is already done. (Callbacks of different futures may
        // still run in any order on different threads, so their order proves nothing.)
        AtomicReferenceArray<CompletableFuture<Batched<Integer>>> submitted =
                new AtomicReferenceArray<>(requests);
        AtomicInteger completedBeforePredecessor = new AtomicInteger();
        AtomicInteger answers = new AtomicInteger();
        try (DynamicBatcher<Integer, Integer> b =
                new DynamicBatcher<>(
                        "p",
                        policy,
                        workers,
                        () ->
                                inputs -> {
                                    maxSeen.accumulateAndGet(inputs.size(), Math::max);
                                    inputs.forEach(i -> runs.merge(i, 1, Integer::sum));
                                    return inputs.stream().map(i -> 2 * i).toList();
                                },
                        BatchListener.NONE)) {
            List<CompletableFuture<Batched<Integer>>> fs = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                int id = i;
                CompletableFuture<Batched<Integer>> f = b.submit(id, DynamicBatcher.NO_DEADLINE);
                submitted.set(id, f);
                f.thenRun(
                        () -> {
                            answers.incrementAndGet();
                            if (id > 0 && !submitted.get(id - 1).isDone()) {
                                completedBeforePredecessor.incrementAndGet();
                            }
                        });
                fs.add(f);
            }
            for (int i = 0; i < requests; i++) {
                assertThat(fs.get(i).get(30, TimeUnit.SECONDS).value()).isEqualTo(2 * i);
            }
        }
        assertThat(runs).hasSize(requests);
        assertThat(runs.values()).allMatch(n -> n == 1);
        assertThat(answers.get()).isEqualTo(requests);
        assertThat(maxSeen.get()).isLessThanOrEqualTo(maxBatch);
        if (ordered) {
            assertThat(completedBeforePredecessor.get()).isZero();
        }
    }
}
