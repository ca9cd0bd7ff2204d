package dev.fulcrum.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The executor-side cache of restored networks: one copy per thread per broadcast, and only the
 * most recent {@link NetworkScorer#KEEP_PER_THREAD} broadcasts, so a long job that broadcasts a
 * network per epoch does not keep them all.
 */
class RestoredNetworkCacheTest {
    private static final long BASE = Long.MAX_VALUE - 1_000; // far from the ids of real broadcasts

    @Test
    void restoresOncePerBroadcastAndKeepsOnlyTheNewest() {
        AtomicInteger restores = new AtomicInteger();
        Object first = NetworkScorer.restored(BASE, () -> new Object[] {restores.incrementAndGet()});
        assertThat(NetworkScorer.<Object>restored(BASE, () -> new Object[] {restores.incrementAndGet()}))
                .isSameAs(first);
        assertThat(restores).hasValue(1);

        for (long id = BASE + 1; id <= BASE + 10; id++) {
            NetworkScorer.restored(id, () -> new Object[] {restores.incrementAndGet()});
        }
        assertThat(restores).hasValue(11);
        assertThat(NetworkScorer.restoredOnThisThread()).isEqualTo(NetworkScorer.KEEP_PER_THREAD);
        NetworkScorer.restored(BASE + 10, () -> new Object[] {restores.incrementAndGet()}); // newest: kept
        assertThat(restores).hasValue(11);
        NetworkScorer.restored(BASE, () -> new Object[] {restores.incrementAndGet()}); // evicted: restored again
        assertThat(restores).hasValue(12);
    }

    @Test
    void everyThreadGetsItsOwnCopy() throws InterruptedException {
        Object here = NetworkScorer.restored(BASE + 500, Object::new);
        AtomicReference<Object> there = new AtomicReference<>();
        Thread t = new Thread(() -> there.set(NetworkScorer.restored(BASE + 500, Object::new)));
        t.start();
        t.join();
        assertThat(there.get()).isNotNull().isNotSameAs(here);
    }
}
