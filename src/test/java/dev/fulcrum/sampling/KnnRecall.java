package dev.fulcrum.sampling;

import java.util.HashSet;
import java.util.Set;

/** How good the approximate neighbour search is: used by SmoteTest and the sampling benchmark. */
final class KnnRecall {
    private KnnRecall() {
    }

    /** Share of exact neighbours that the approximate search found; 1 when there are none. */
    static double of(int[][] approx, int[][] exact) {
        long hit = 0;
        long total = 0;
        for (int i = 0; i < exact.length; i++) {
            Set<Integer> a = new HashSet<>();
            for (int v : approx[i]) {
                a.add(v);
            }
            for (int v : exact[i]) {
                total++;
                if (a.contains(v)) {
                    hit++;
                }
            }
        }
        return total == 0 ? 1.0 : (double) hit / total;
    }
}
