package dev.fulcrum.segeval;

/** Hand-drawn masks for the tests: one string per row, '#' foreground, anything else background. */
final class Masks {
    private Masks() {
    }

    static boolean[] bits(String... rows) {
        int w = rows[0].length();
        boolean[] out = new boolean[w * rows.length];
        for (int y = 0; y < rows.length; y++) {
            if (rows[y].length() != w) {
                throw new IllegalArgumentException("ragged mask row " + y);
            }
            for (int x = 0; x < w; x++) {
                out[y * w + x] = rows[y].charAt(x) == '#';
            }
        }
        return out;
    }

    static float[] floats(String... rows) {
        boolean[] b = bits(rows);
        float[] out = new float[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[i] ? 1f : 0f;
        }
        return out;
    }
}
