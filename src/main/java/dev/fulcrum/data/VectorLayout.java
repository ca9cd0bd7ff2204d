package dev.fulcrum.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * What each element of the {@link Columns#FEATURES} vector is: its name and, for one-hot encoded
 * categorical columns, which contiguous elements make up one column's levels. Written by the
 * feature stage, read by samplers that must not interpolate a one-hot block (SMOTE-NC).
 *
 * @param names  one per vector element: a numeric column's name, {@code <col>_missing} for a missing
 *               indicator, {@code <col>=<level>} for a one-hot element
 * @param blocks the one-hot blocks, in vector order
 */
public record VectorLayout(List<String> names, List<OneHot> blocks) implements Serializable {
    /** One categorical column's levels: elements {@code start .. start + size - 1}. */
    public record OneHot(String column, int start, int size) implements Serializable {
    }

    public VectorLayout {
        names = List.copyOf(names);
        blocks = List.copyOf(blocks);
    }

    /** A vector of numeric columns only. */
    public static VectorLayout numeric(List<String> names) {
        return new VectorLayout(names, List.of());
    }

    public int width() {
        return names.size();
    }

    public boolean hasCategorical() {
        return !blocks.isEmpty();
    }

    /** The categorical columns, in vector order. */
    public List<String> categoricalColumns() {
        List<String> out = new ArrayList<>();
        blocks.forEach(b -> out.add(b.column()));
        return out;
    }

    /** For each element: true when it belongs to a one-hot block. */
    public boolean[] oneHotMask() {
        boolean[] m = new boolean[names.size()];
        for (OneHot b : blocks) {
            for (int i = b.start(); i < b.start() + b.size(); i++) {
                m[i] = true;
            }
        }
        return m;
    }
}
