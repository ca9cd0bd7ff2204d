package dev.fulcrum.segeval;

/** Which neighbours of a foreground pixel belong to its component. */
public enum Connectivity {
    /** Edge neighbours only (up, down, left, right). */
    FOUR(new int[] {0, -1, 1, 0}, new int[] {-1, 0, 0, 1}),
    /**
     * Edge and corner neighbours: the usual choice for lesions, so a thin diagonal lesion is one
     * lesion and not a chain of single pixels.
     */
    EIGHT(new int[] {-1, 0, 1, -1, 1, -1, 0, 1}, new int[] {-1, -1, -1, 0, 0, 1, 1, 1});

    final int[] dx;
    final int[] dy;

    Connectivity(int[] dx, int[] dy) {
        this.dx = dx;
        this.dy = dy;
    }
}
