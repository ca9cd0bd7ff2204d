package dev.fulcrum.segeval;

import static dev.fulcrum.segeval.Masks.bits;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ConnectedComponentsTest {

    @Test
    void diagonalTouchIsOneComponentOnlyUnderEightConnectivity() {
        boolean[] m = bits(
                "#..",
                ".#.",
                "..#");
        assertThat(ConnectedComponents.label(m, 3, 3, Connectivity.EIGHT).count()).isEqualTo(1);
        ConnectedComponents four = ConnectedComponents.label(m, 3, 3, Connectivity.FOUR);
        assertThat(four.count()).isEqualTo(3);
        assertThat(four.labels()).containsExactly(1, 0, 0, 0, 2, 0, 0, 0, 3);
    }

    @Test
    void ringAroundAHoleWithAnIslandIsTwoComponents() {
        boolean[] m = bits(
                "#####",
                "#...#",
                "#.#.#",
                "#...#",
                "#####");
        for (Connectivity c : Connectivity.values()) {
            ConnectedComponents cc = ConnectedComponents.label(m, 5, 5, c);
            assertThat(cc.count()).as(c.name()).isEqualTo(2);
            assertThat(cc.size(1)).isEqualTo(16);
            assertThat(cc.size(2)).isEqualTo(1);
            assertThat(cc.labelAt(12)).isEqualTo(2);
            assertThat(cc.labelAt(6)).isZero();
        }
    }

    @Test
    void componentsOnOppositeBordersDoNotWrapAroundRows() {
        // Pixel (2,0) and (0,1) are neighbours in memory (index 2 and 3) but not in the image.
        boolean[] m = bits(
                "..#",
                "#..",
                "..#");
        ConnectedComponents cc = ConnectedComponents.label(m, 3, 3, Connectivity.EIGHT);
        assertThat(cc.count()).isEqualTo(3);
        assertThat(cc.labels()).containsExactly(0, 0, 1, 2, 0, 0, 0, 0, 3);
        // A component along the whole border is one component.
        boolean[] border = bits(
                "####",
                "#..#",
                "####");
        assertThat(ConnectedComponents.label(border, 4, 3, Connectivity.FOUR).count()).isEqualTo(1);
    }

    @Test
    void emptyMaskHasNoComponent() {
        ConnectedComponents cc = ConnectedComponents.label(new boolean[12], 4, 3, Connectivity.EIGHT);
        assertThat(cc.count()).isZero();
        assertThat(cc.labels()).containsOnly(0);
        assertThatThrownBy(() -> cc.size(1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1..0");
    }

    @Test
    void hugeSingleComponentNeedsNoRecursion() {
        int w = 2000;
        int h = 1500;
        boolean[] m = new boolean[w * h];
        Arrays.fill(m, true);
        // A one-pixel-wide serpentine would be the worst case for a recursive fill; a full block of
        // 3M pixels already overflows any default stack recursively.
        ConnectedComponents cc = ConnectedComponents.label(m, w, h, Connectivity.FOUR);
        assertThat(cc.count()).isEqualTo(1);
        assertThat(cc.size(1)).isEqualTo(w * h);
    }

    @Test
    void agreesWithUnionFindOnRandomMasks() {
        Random r = new Random(11);
        for (int trial = 0; trial < 40; trial++) {
            int w = 1 + r.nextInt(30);
            int h = 1 + r.nextInt(20);
            boolean[] m = new boolean[w * h];
            for (int i = 0; i < m.length; i++) {
                m[i] = r.nextDouble() < 0.45;
            }
            for (Connectivity c : Connectivity.values()) {
                ConnectedComponents cc = ConnectedComponents.label(m, w, h, c);
                int[] root = unionFind(m, w, h, c == Connectivity.EIGHT);
                long roots = 0;
                int[] sizes = new int[m.length];
                for (int i = 0; i < m.length; i++) {
                    assertThat(cc.labelAt(i) > 0).isEqualTo(m[i]);
                    if (m[i]) {
                        roots += root[i] == i ? 1 : 0;
                        sizes[root[i]]++;
                    }
                }
                assertThat(cc.count()).isEqualTo(roots);
                // Same partition: two foreground pixels share a label iff they share a root.
                for (int i = 0; i < m.length; i++) {
                    for (int j = i + 1; j < m.length; j++) {
                        if (m[i] && m[j]) {
                            assertThat(cc.labelAt(i) == cc.labelAt(j)).isEqualTo(root[i] == root[j]);
                        }
                    }
                    if (m[i]) {
                        assertThat(cc.size(cc.labelAt(i))).isEqualTo(sizes[root[i]]);
                    }
                }
            }
        }
    }

    /** Reference: union-find over right / down (/ down-left, down-right) neighbour pairs. */
    private static int[] unionFind(boolean[] m, int w, int h, boolean eight) {
        int[] parent = new int[m.length];
        for (int i = 0; i < m.length; i++) {
            parent[i] = i;
        }
        int[][] steps = eight ? new int[][] {{1, 0}, {0, 1}, {1, 1}, {-1, 1}} : new int[][] {{1, 0}, {0, 1}};
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (!m[y * w + x]) {
                    continue;
                }
                for (int[] s : steps) {
                    int nx = x + s[0];
                    int ny = y + s[1];
                    if (nx >= 0 && nx < w && ny < h && m[ny * w + nx]) {
                        int a = find(parent, y * w + x);
                        int b = find(parent, ny * w + nx);
                        parent[Math.max(a, b)] = Math.min(a, b);
                    }
                }
            }
        }
        for (int i = 0; i < m.length; i++) {
            parent[i] = find(parent, i);
        }
        return parent;
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            i = parent[i];
        }
        return i;
    }
}
