package dev.fulcrum.features;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.feature.RobustScalerModel;
import org.apache.spark.ml.feature.StandardScalerModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The arithmetic of a fitted scaler {@link PipelineModel} (the stages {@link FeatureScaling#fit}
 * builds: {@link CopyColumns}, {@link VectorAssembler}, {@link StandardScalerModel}, {@link RobustScalerModel},
 * {@link PiecewiseLinearModel}, {@link DropColumns}) replayed on the raw double columns, element by element, without Spark's
 * vector columns: every vector UDF of the pipeline costs a struct → vector → struct round trip per
 * row, which made the scaler a large share of {@code fulcrum score}.
 *
 * <p>Bit for bit what {@code PipelineModel.transform} puts in {@code features}: each element is its
 * source column with, in stage order, the assembler's zero rule (an assembler keeps non-zero values
 * only, so a {@code -0.0} comes out as {@code 0.0}; a NaN double input is an error under
 * {@code handleInvalid = error}) and the scalers' {@code x - shift} and {@code x * scale} with
 * Spark's own operands ({@code scale = 1 / std} or {@code 1 / range}, 0 where that is 0;
 * {@code StandardScalerModel.getTransformFunc}). {@code ScalerPlanTest} compares it with the
 * pipeline on every scaling kind. {@link #of} returns empty for any other stage or setting, and the
 * caller then applies the pipeline itself.
 */
public final class ScalerPlan implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final byte ZERO = 0;       // an assembler on a vector element: -0.0 -> 0.0
    private static final byte ZERO_NAN = 1;   // an assembler on a double column: NaN fails, -0.0 -> 0.0
    private static final byte SUB = 2;
    private static final byte MUL = 3;
    private static final byte CLIP01 = 4;     // PiecewiseLinearModel's clip to [0, 1]

    private final List<String> inputs;  // the raw double columns read, in first-use order
    private final int[] source;         // element -> index into inputs
    private final byte[][] ops;
    private final double[][] args;
    // features last written by an assembler, which compresses: true; by a centring scaler (dense): false;
    // null: by an uncentred scaler, whose output keeps its input's form, which the plan does not track
    private final Boolean compressed;

    private ScalerPlan(List<String> inputs, int[] source, byte[][] ops, double[][] args, Boolean compressed) {
        this.inputs = List.copyOf(inputs);
        this.source = source;
        this.ops = ops;
        this.args = args;
        this.compressed = compressed;
    }

    /** The raw columns {@link #apply} reads, in the order it expects them. */
    public List<String> inputs() {
        return inputs;
    }

    /** Length of the {@code features} vector. */
    public int size() {
        return source.length;
    }

    /**
     * Writes the {@code features} vector of a row whose {@link #inputs} are {@code raw} into
     * {@code into[offset ..]}.
     */
    public void apply(double[] raw, double[] into, int offset) {
        for (int e = 0; e < source.length; e++) {
            double v = raw[source[e]];
            byte[] o = ops[e];
            double[] a = args[e];
            for (int k = 0; k < o.length; k++) {
                switch (o[k]) {
                    case ZERO_NAN -> {
                        if (Double.isNaN(v)) {
                            throw new IllegalArgumentException("Encountered NaN while assembling a row with"
                                    + " handleInvalid = \"error\" (column " + inputs.get(source[e]) + ")");
                        }
                        v = v == 0.0 ? 0.0 : v;
                    }
                    case ZERO -> v = v == 0.0 ? 0.0 : v;
                    case SUB -> v = v - a[k];
                    case MUL -> v = v * a[k];
                    case CLIP01 -> v = PiecewiseLinearModel.clip01(v);
                    default -> throw new IllegalStateException("op " + o[k]);
                }
            }
            into[offset + e] = v;
        }
    }

    /**
     * The {@code features} vector of a row whose {@link #inputs} are {@code raw}, in the form the
     * pipeline gives it: a final assembler returns {@code Vector.compressed} (sparse when that is
     * smaller), a centering scaler a dense vector. Only when {@link #knowsVectorForm}.
     */
    public Vector vector(double[] raw) {
        if (compressed == null) {
            throw new IllegalStateException("the plan does not know the form of an uncentred scaler's vector");
        }
        double[] v = new double[source.length];
        apply(raw, v, 0);
        Vector d = Vectors.dense(v);
        return compressed ? d.compressed() : d;
    }

    /** Whether {@link #vector} can give the pipeline's vector (not after an uncentred scaler). */
    public boolean knowsVectorForm() {
        return compressed != null;
    }

    /** One vector element: where it comes from and what was done to it, in order. */
    private record Elem(String column, List<Byte> ops, List<Double> args) {
        Elem then(byte op, double arg) {
            List<Byte> o = new ArrayList<>(ops);
            List<Double> a = new ArrayList<>(args);
            o.add(op);
            a.add(arg);
            return new Elem(column, o, a);
        }
    }

    /**
     * The plan of {@code scaler} applied to rows of {@code schema}, or empty when a stage or setting
     * is not one this class replays exactly (or a raw input is not a double column).
     */
    public static Optional<ScalerPlan> of(PipelineModel scaler, StructType schema) {
        Map<String, List<Elem>> vectors = new HashMap<>();
        java.util.Set<String> dropped = new java.util.HashSet<>();
        Map<String, String> copyOf = new HashMap<>(); // a CopyColumns copy -> the raw column it copies
        Map<String, Boolean> compressedOf = new HashMap<>(); // vector column -> written by an assembler
        for (Transformer stage : scaler.stages()) {
            if (stage instanceof CopyColumns c) {
                String[] from = c.getOrDefault(c.from());
                String[] to = c.getOrDefault(c.to());
                for (int i = 0; i < from.length; i++) {
                    if (schema.getFieldIndex(to[i]).isDefined() || copyOf.containsKey(from[i])) {
                        return Optional.empty();
                    }
                    copyOf.put(to[i], from[i]);
                    dropped.remove(to[i]);
                }
            } else if (stage instanceof VectorAssembler va) {
                if (!"error".equals(va.getHandleInvalid()) || vectors.containsKey(va.getOutputCol())
                        || schema.getFieldIndex(va.getOutputCol()).isDefined()) {
                    return Optional.empty();
                }
                List<Elem> out = new ArrayList<>();
                for (String ref : va.getInputCols()) {
                    List<Elem> v = vectors.get(ref);
                    String in = dropped.contains(ref) ? ref : copyOf.getOrDefault(ref, ref); // a copy is its source
                    if (v != null) {
                        v.forEach(e -> out.add(e.then(ZERO, 0)));
                    } else if (!dropped.contains(ref) && schema.getFieldIndex(in).isDefined()
                            && schema.apply(in).dataType().equals(DataTypes.DoubleType)) {
                        out.add(new Elem(in, List.of(ZERO_NAN), List.of(0.0)));
                    } else {
                        return Optional.empty();
                    }
                }
                vectors.put(va.getOutputCol(), out);
                compressedOf.put(va.getOutputCol(), true);
                dropped.remove(va.getOutputCol());
            } else if (stage instanceof StandardScalerModel s) {
                Optional<List<Elem>> v = scaled(vectors.get(s.getInputCol()), s.getWithMean(), s.mean().toArray(),
                        s.getWithStd(), s.std().toArray());
                if (v.isEmpty()) {
                    return Optional.empty();
                }
                vectors.put(s.getOutputCol(), v.get());
                compressedOf.put(s.getOutputCol(), s.getWithMean() ? Boolean.FALSE : null);
            } else if (stage instanceof RobustScalerModel r) {
                Optional<List<Elem>> v = scaled(vectors.get(r.getInputCol()), r.getWithCentering(),
                        r.median().toArray(), r.getWithScaling(), r.range().toArray());
                if (v.isEmpty()) {
                    return Optional.empty();
                }
                vectors.put(r.getOutputCol(), v.get());
                compressedOf.put(r.getOutputCol(), r.getWithCentering() ? Boolean.FALSE : null);
            } else if (stage instanceof PiecewiseLinearModel p) {
                List<Elem> in = vectors.get(p.getInputCol());
                double[][] edges = p.getEdges();
                if (in == null || in.size() != edges.length || vectors.containsKey(p.getOutputCol())
                        || schema.getFieldIndex(p.getOutputCol()).isDefined()) {
                    return Optional.empty();
                }
                List<Elem> out = new ArrayList<>();
                for (int j = 0; j < edges.length; j++) {
                    double[] e = edges[j];
                    for (int t = 1; t <= PiecewiseLinearModel.bins(e); t++) {
                        out.add(in.get(j).then(SUB, e[t - 1])
                                .then(MUL, PiecewiseLinearModel.inverseWidth(e[t - 1], e[t])).then(CLIP01, 0));
                    }
                }
                vectors.put(p.getOutputCol(), out);
                compressedOf.put(p.getOutputCol(), Boolean.FALSE);
                dropped.remove(p.getOutputCol());
            } else if (stage instanceof DropColumns d) {
                for (String c : d.getOrDefault(d.cols())) {
                    vectors.remove(c);
                    copyOf.remove(c);
                    dropped.add(c);
                }
            } else {
                return Optional.empty();
            }
        }
        List<Elem> features = vectors.get(FeatureScaling.FEATURES);
        Boolean compressed = compressedOf.get(FeatureScaling.FEATURES);
        if (features == null || features.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Integer> inputs = new LinkedHashMap<>();
        int n = features.size();
        int[] source = new int[n];
        byte[][] ops = new byte[n][];
        double[][] args = new double[n][];
        for (int e = 0; e < n; e++) {
            Elem el = features.get(e);
            source[e] = inputs.computeIfAbsent(el.column(), k -> inputs.size());
            ops[e] = new byte[el.ops().size()];
            args[e] = new double[el.ops().size()];
            for (int k = 0; k < ops[e].length; k++) {
                ops[e][k] = el.ops().get(k);
                args[e][k] = el.args().get(k);
            }
        }
        return Optional.of(new ScalerPlan(new ArrayList<>(inputs.keySet()), source, ops, args, compressed));
    }

    /** StandardScalerModel.getTransformFunc(shift, scale, withShift, withScale) on each element. */
    private static Optional<List<Elem>> scaled(List<Elem> in, boolean withShift, double[] shift, boolean withScale,
                                               double[] spread) {
        if (in == null || (withShift && shift.length != in.size()) || (withScale && spread.length != in.size())) {
            return Optional.empty();
        }
        List<Elem> out = new ArrayList<>(in.size());
        for (int i = 0; i < in.size(); i++) {
            Elem e = in.get(i);
            if (withShift) {
                e = e.then(SUB, shift[i]);
            }
            if (withScale) {
                e = e.then(MUL, spread[i] == 0 ? 0.0 : 1.0 / spread[i]);
            }
            out.add(e);
        }
        return Optional.of(out);
    }
}
