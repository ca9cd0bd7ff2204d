package dev.fulcrum.segeval;

/**
 * Labels the foreground components of a binary mask (row-major, pixel (x, y) at
 * {@code y * width + x}) by an explicit-queue flood fill: no recursion, so a 4096² lesion cannot
 * overflow the stack. Components are numbered 1..count in the order of their first pixel in
 * row-major scan; background is 0. Pixels outside the image are background (no wrap-around).
 */
public final class ConnectedComponents {
    private final int[] labels;
    private final int[] sizes;
    private final int count;

    private ConnectedComponents(int[] labels, int[] sizes, int count) {
        this.labels = labels;
        this.sizes = sizes;
        this.count = count;
    }

    /**
     * @param foreground one flag per pixel, {@code width * height} of them
     * @throws IllegalArgumentException when the length does not match the size
     */
    public static ConnectedComponents label(boolean[] foreground, int width, int height,
            Connectivity connectivity) {
        if (width < 0 || height < 0 || foreground.length != (long) width * height) {
            throw new IllegalArgumentException("mask of " + width + "x" + height + " needs "
                    + (long) width * height + " pixels; got " + foreground.length);
        }
        int[] labels = new int[foreground.length];
        int[] queue = new int[foreground.length];
        int[] sizes = new int[16];
        int count = 0;
        for (int start = 0; start < foreground.length; start++) {
            if (!foreground[start] || labels[start] != 0) {
                continue;
            }
            count++;
            labels[start] = count;
            int head = 0;
            int tail = 0;
            queue[tail++] = start;
            while (head < tail) {
                int p = queue[head++];
                int x = p % width;
                int y = p / width;
                for (int k = 0; k < connectivity.dx.length; k++) {
                    int nx = x + connectivity.dx[k];
                    int ny = y + connectivity.dy[k];
                    if (nx < 0 || ny < 0 || nx >= width || ny >= height) {
                        continue;
                    }
                    int q = ny * width + nx;
                    if (foreground[q] && labels[q] == 0) {
                        labels[q] = count;
                        queue[tail++] = q;
                    }
                }
            }
            if (count == sizes.length) {
                sizes = java.util.Arrays.copyOf(sizes, 2 * sizes.length);
            }
            // Every pixel enters the queue once, so the queue length is the component's size.
            sizes[count] = tail;
        }
        return new ConnectedComponents(labels, java.util.Arrays.copyOf(sizes, count + 1), count);
    }

    /** Number of components. */
    public int count() {
        return count;
    }

    /** Label of pixel i: 0 for background, else 1..{@link #count()}. */
    public int labelAt(int i) {
        return labels[i];
    }

    /** A copy of the label image. */
    public int[] labels() {
        return labels.clone();
    }

    /** Pixels of component k (1..{@link #count()}). */
    public int size(int k) {
        if (k < 1 || k > count) {
            throw new IllegalArgumentException("component must be in 1.." + count + "; got " + k);
        }
        return sizes[k];
    }
}
