package dev.wharf.packager.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InMemorySegmentStoreTest extends SegmentStoreContract {

    @Override
    protected SegmentStore createStore() {
        return new InMemorySegmentStore();
    }

    /**
     * Many writers racing for the first append of a rendition: an append that reports success is
     * never lost. (A rendition created by one writer used to look expired to another, which dropped
     * it from the map while the first appended to it.)
     */
    @Test
    void aSuccessfulFirstAppendIsNeverLostToARacingWriter() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 300; round++) {
                String rendition = "v" + round;
                CyclicBarrier start = new CyclicBarrier(threads);
                List<Future<Boolean>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    String file = "w" + t;
                    results.add(pool.submit(() -> {
                        start.await();
                        RenditionState cur = store.renditionState(channel, "in", rendition);
                        RenditionState next = new RenditionState(cur.version() + 1, cur.nextSequence() + 1, cur.nextSequence(),
                                file, 0, 0, false, cur.nextSequence());
                        TimelineEntry e = new TimelineEntry(cur.nextSequence(), file, 1, false, 0, 0, 0, cur.nextSequence(), List.of());
                        return store.append(channel, "in", rendition, cur, next, List.of(e), LONG);
                    }));
                }
                int succeeded = 0;
                for (Future<Boolean> f : results) {
                    succeeded += f.get(10, TimeUnit.SECONDS) ? 1 : 0;
                }
                assertThat(succeeded).as("round %d", round).isGreaterThanOrEqualTo(1);
                assertThat(store.renditionState(channel, "in", rendition).version()).as("round %d: every success is kept", round)
                        .isEqualTo(succeeded);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
