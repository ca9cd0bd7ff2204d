package dev.fulcrum.train;

import dev.fulcrum.data.ClassCounts;
import dev.fulcrum.data.Columns;
import dev.fulcrum.error.BadInputException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * Trains an EasyEnsemble of networks on the executors: member {@code k} sees every training
 * positive and the negatives of slice {@code k} — the slices partition the negatives by a seeded
 * hash of each row's content, so no negative is in two members — thinned to {@code ratio}
 * negatives per positive by keeping the slice's rows with the smallest second hash. With too few
 * negatives for that, each member draws its own {@code ratio} per positive from all of them
 * ({@link Plan}). One Spark job
 * routes every row to its member's partition; each partition (one task, so members train in
 * parallel on every executor core) is then a single-JVM {@link ArrayFit} with early stopping on
 * the validation rows, broadcast once. Which rows a member gets, and in which order, depends on the
 * rows' content and the seed only, not on partitioning or task order.
 */
public final class EasyEnsemble {
    private static final Logger LOG = LoggerFactory.getLogger(EasyEnsemble.class);
    /** Validation rows every member task holds for early stopping; above this a uniform sample. */
    static final long MAX_VALIDATION_BYTES = 256L << 20;

    /** Builds member {@code k}'s network for its class counts (the loss may depend on them), on the driver. */
    @FunctionalInterface
    public interface NetworkForMember {
        MultiLayerConfiguration build(int member, ClassCounts counts);
    }

    /**
     * @param minPositivesPerBatch a set loss (Dice/Tversky) doubles an automatic batch size until a
     *                             batch holds this many positives
     */
    public record Request(EnsembleSpec spec, NetworkForMember network, int outputColumns, TrainingConfig training,
                          long seed, boolean couplesExamples, double minPositivesPerBatch) {
    }

    /**
     * One member as trained: its rows, batch size, validation AP per epoch and the epoch kept.
     *
     * @param network the member's {@link EnsembleSpec.Variant}, described; null: the job's network
     */
    public record Member(int index, long positives, long negatives, int batchSize, long seed, double[] validationAp,
                         int bestEpoch, boolean stoppedEarly, double seconds, String network) {
        public double bestValidationAp() {
            return bestEpoch == 0 ? Double.NaN : validationAp[bestEpoch - 1];
        }
    }

    /**
     * @param validationRows       the validation rows early stopping scored
     * @param validationSampleRate 1, or the uniform rate those rows were sampled at to fit
     *                             {@link #MAX_VALIDATION_BYTES}
     */
    public record Result(List<MultiLayerNetwork> networks, List<Member> members, long validationRows,
                         double validationSampleRate, double seconds) {
        /** Training rows summed over the members (positives count once per member). */
        public long examples() {
            return members.stream().mapToLong(m -> m.positives() + m.negatives()).sum();
        }
    }

    /**
     * How the negatives are dealt. {@code disjoint} (the negatives hold at least {@code members}
     * slices of {@code perMember}): each negative belongs to one member's slice, by a hash; a slice
     * sends its task only the rows below {@code keepRate} of a second hash — a little more than the
     * task keeps, so it can cut exactly {@code perMember}. Otherwise (too few negatives for disjoint
     * balanced slices) each member draws its own {@code perMember} negatives from all of them, as
     * imbalanced-learn's EasyEnsembleClassifier does, rather than training on fewer negatives
     * than positives.
     */
    record Plan(int members, long perMember, double keepRate, boolean disjoint) implements Serializable {
        static Plan of(EnsembleSpec spec, ClassCounts counts) {
            int k = spec.members();
            if (counts.negatives() < k) {
                throw new BadInputException("ensemble.members = " + k + " but the training split holds only "
                        + counts.negatives() + " negatives: every member needs negatives of its own; lower "
                        + "ensemble.members");
            }
            if (counts.positives() == 0) {
                throw new BadInputException("ensemble: the training split holds no positives; every member trains on "
                        + "all of them");
            }
            long want = Math.min(counts.negatives(), Math.max(1, Math.round(spec.ratio() * counts.positives())));
            double slice = (double) counts.negatives() / k;
            boolean disjoint = slice >= want;
            // 6 standard deviations of the binomial count above the wanted rows: a task falls short with
            // probability ~1e-9, and then trains on what it got (counted and reported)
            double keep = Math.min(1.0, (want + 6 * Math.sqrt(want) + 20) / (disjoint ? slice : counts.negatives()));
            return new Plan(k, want, keep, disjoint);
        }

        /**
         * Where a row goes, as (member, order key) pairs: a positive to every member; a negative to its
         * slice's member (disjoint) or to each member whose own draw takes it (overlapping), if routed.
         */
        void destinations(long hash, boolean positive, java.util.function.BiConsumer<Integer, Long> to) {
            if (positive || !disjoint) {
                for (int m = 0; m < members; m++) {
                    long o = order(hash ^ (m + 1) * (positive ? 0x632BE59BD9B4E019L : 0x2545F4914F6CDD1DL));
                    if (positive || routed(o)) {
                        to.accept(m, o);
                    }
                }
            } else {
                long o = order(hash);
                if (routed(o)) {
                    to.accept((int) Math.floorMod(mix(hash ^ 0x9E3779B97F4A7C15L), (long) members), o);
                }
            }
        }

        /** Order within a member; also the key thinning and the exact cut use. */
        static long order(long hash) {
            return mix(hash ^ 0xC2B2AE3D27D4EB4FL);
        }

        boolean routed(long order) {
            return keepRate >= 1.0 || unit(order) < keepRate;
        }
    }

    /** A row on its way to a member: its order key, features and label. */
    static final class Example implements Serializable {
        private static final long serialVersionUID = 1L;
        final long order;
        final float[] x;
        final boolean positive;

        Example(long order, float[] x, boolean positive) {
            this.order = order;
            this.x = x;
            this.positive = positive;
        }
    }

    /** Partition {@code k} = member {@code k}. */
    static final class MemberPartitioner extends Partitioner {
        private static final long serialVersionUID = 1L;
        private final int members;

        MemberPartitioner(int members) {
            this.members = members;
        }

        @Override
        public int numPartitions() {
            return members;
        }

        @Override
        public int getPartition(Object key) {
            return (Integer) key;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof MemberPartitioner p && p.members == members;
        }

        @Override
        public int hashCode() {
            return members;
        }
    }

    private EasyEnsemble() {
    }

    /**
     * @param train      the scaled training split ({@code features}, {@code label}), not resampled
     * @param counts     its class counts
     * @param validation the scaled validation split
     */
    public static Result train(SparkSession spark, Request req, Dataset<Row> train, ClassCounts counts,
                               Dataset<Row> validation) {
        long t0 = System.nanoTime();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Plan plan = Plan.of(req.spec(), counts);
        long seed = req.seed();
        JavaRDD<Row> rows = train.select(Columns.FEATURES, Columns.LABEL).javaRDD();

        jsc.setJobGroup("fulcrum-ensemble", "fulcrum: ensemble, counting each member's negatives");
        Map<Integer, Long> routed;
        try {
            routed = rows.filter(r -> r.getDouble(1) < 0.5).flatMap(r -> {
                List<Integer> to = new ArrayList<>(1);
                plan.destinations(contentHash(seed, features(r)), false, (m, o) -> to.add(m));
                return to.iterator();
            }).countByValue();
        } finally {
            jsc.clearJobGroup();
        }
        int k = plan.members();
        String[] confs = new String[k];
        int[] batches = new int[k];
        long[] negatives = new long[k];
        TrainingConfig t = req.training();
        for (int m = 0; m < k; m++) {
            long got = routed.getOrDefault(m, 0L);
            negatives[m] = Math.min(plan.perMember(), got);
            if (negatives[m] == 0) {
                throw new BadInputException("ensemble: member " + (m + 1) + " of " + k + " got no negatives ("
                        + counts.negatives() + " in the training split); lower ensemble.members");
            }
            if (got < plan.perMember() && plan.keepRate() < 1.0) {
                LOG.warn("ensemble: member " + (m + 1) + " received " + got + " negatives, fewer than the "
                        + plan.perMember() + " planned; it trains on those");
            }
            ClassCounts mc = new ClassCounts(negatives[m], counts.positives());
            confs[m] = req.network().build(m, mc).toJson();
            EnsembleSpec.Variant v = req.spec().variantOf(m);
            batches[m] = v != null && v.batchSize() > 0 ? v.batchSize() : t.autoBatch()
                    ? TrainingConfig.autoBatchSize(mc.total(), mc.positiveRate(), req.couplesExamples(),
                    req.minPositivesPerBatch())
                    : t.batchSize();
        }
        LOG.info(String.format(Locale.ROOT, "ensemble: %d members, each %d positives + %d negatives (ratio %s, "
                        + "%s), batch %d%s, up to %d epochs with patience %d, in parallel as Spark tasks",
                k, counts.positives(), plan.perMember(), req.spec().ratio(), plan.disjoint()
                        ? "disjoint slices of ~" + counts.negatives() / k + " negatives"
                        : "drawn per member from all " + counts.negatives() + " negatives: too few for disjoint slices",
                batches[0], req.spec().variants().isEmpty() ? "" : " (member 1; " + req.spec().variants().size()
                        + " variants, member k trains variant k mod " + req.spec().variants().size() + ")",
                t.epochs(), t.earlyStopping().patience()));

        long valRows = validation.count();
        int width = (int) train.select(Columns.FEATURES).first().<Vector>getAs(0).size();
        double rate = Math.min(1.0, MAX_VALIDATION_BYTES
                / ((double) ArrayFit.Rows.bytesPerRow(width) * Math.max(1, valRows)));
        Dataset<Row> val = validation;
        if (rate < 1.0) {
            LOG.warn(String.format(Locale.ROOT, "ensemble: early stopping scores a uniform %.3f sample of the %d "
                    + "validation rows (every member task holds them; at most %d MiB)", rate, valRows,
                    MAX_VALIDATION_BYTES >> 20));
            val = validation.sample(false, rate, seed);
        }
        ArrayFit.Rows valArrays = ArrayFit.collect(val);
        Broadcast<ArrayFit.Rows> shared = jsc.broadcast(valArrays);

        int outputs = req.outputColumns();
        int epochs = t.epochs();
        int patience = t.earlyStopping().patience();
        List<Tuple2<Integer, ArrayFit.State>> fitted;
        jsc.setJobGroup("fulcrum-ensemble", "fulcrum: training " + k + " ensemble members (one task each)");
        try {
            fitted = route(rows, plan, seed).mapPartitionsWithIndex(
                    (Integer m, Iterator<Tuple2<Integer, Example>> it) -> {
                        ArrayFit.Rows own = memberRows(it, negatives[m], width);
                        ArrayFit.State s = ArrayFit.fit(confs[m], null, own, shared.value(), outputs, batches[m],
                                seed + m, epochs, patience, true);
                        return List.of(new Tuple2<>(m, s)).iterator();
                    }, true).collect();
        } finally {
            jsc.clearJobGroup();
            shared.destroy();
        }
        List<Tuple2<Integer, ArrayFit.State>> sorted = new ArrayList<>(fitted);
        sorted.sort(Comparator.comparing(Tuple2::_1));
        List<MultiLayerNetwork> nets = new ArrayList<>();
        List<Member> members = new ArrayList<>();
        for (Tuple2<Integer, ArrayFit.State> e : sorted) {
            int m = e._1();
            ArrayFit.State s = e._2();
            nets.add(ArrayFit.bestNetwork(s));
            EnsembleSpec.Variant v = req.spec().variantOf(m);
            Member rec = new Member(m + 1, counts.positives(), negatives[m], batches[m], seed + m, s.validationAp(),
                    s.bestEpoch(), s.stopped(), s.seconds(), v == null ? null : v.describe());
            members.add(rec);
            LOG.info(String.format(Locale.ROOT, "ensemble member %d/%d: %d positives + %d negatives, best epoch %d of "
                            + "%d (validation AP %.4f)%s, %.1fs", rec.index(), k, rec.positives(), rec.negatives(),
                    rec.bestEpoch(), s.epochs(), rec.bestValidationAp(), s.stopped() ? ", stopped early" : "",
                    rec.seconds()));
        }
        return new Result(List.copyOf(nets), List.copyOf(members), valArrays.size(), rate,
                (System.nanoTime() - t0) / 1e9);
    }

    /**
     * Every row sent to its members' partitions (partition {@code k} = member {@code k}): a positive to
     * all of them, a negative to the member of its slice when it passes the thinning.
     */
    static JavaPairRDD<Integer, Example> route(JavaRDD<Row> rows, Plan plan, long seed) {
        int k = plan.members();
        return rows.flatMapToPair(r -> {
            float[] x = features(r);
            long h = contentHash(seed, x);
            boolean positive = r.getDouble(1) >= 0.5;
            List<Tuple2<Integer, Example>> out = new ArrayList<>();
            plan.destinations(h, positive, (m, o) -> out.add(new Tuple2<>(m, new Example(o, x, positive))));
            return out.iterator();
        }).partitionBy(new MemberPartitioner(k));
    }

    /**
     * The member's rows in its fixed order: every positive, and the {@code negatives} negatives with
     * the smallest order key; sorted by that key so the fit's epochs start from the same order on
     * any partitioning.
     */
    static ArrayFit.Rows memberRows(Iterator<Tuple2<Integer, Example>> it, long negatives, int width) {
        List<Example> pos = new ArrayList<>();
        List<Example> neg = new ArrayList<>();
        while (it.hasNext()) {
            Example e = it.next()._2();
            (e.positive ? pos : neg).add(e);
        }
        Comparator<Example> byOrder = Comparator.comparingLong((Example e) -> e.order)
                .thenComparing(e -> e.x, java.util.Arrays::compare);
        neg.sort(byOrder);
        List<Example> all = new ArrayList<>(pos);
        all.addAll(neg.subList(0, (int) Math.min(negatives, neg.size())));
        all.sort(byOrder);
        float[] x = new float[all.size() * width];
        double[] y = new double[all.size()];
        for (int i = 0; i < all.size(); i++) {
            System.arraycopy(all.get(i).x, 0, x, i * width, width);
            y[i] = all.get(i).positive ? 1 : 0;
        }
        return new ArrayFit.Rows(x, y, width);
    }

    static float[] features(Row r) {
        double[] v = ((Vector) r.get(0)).toArray();
        float[] x = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            x[i] = (float) v[i];
        }
        return x;
    }

    /**
     * A seeded hash of a row's features as float32 (the precision the networks train on, so a
     * re-run preparation that changes the last double bits routes every row the same way).
     */
    static long contentHash(long seed, float[] x) {
        long h = mix(seed ^ 0x5DEECE66DL);
        for (float v : x) {
            h = mix(h ^ (Float.floatToIntBits(v) & 0xFFFFFFFFL));
        }
        return h;
    }

    /** A 64-bit finaliser (Stafford's variant 13): every input bit affects every output bit. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The top 53 bits as a uniform number in [0, 1). */
    static double unit(long z) {
        return (z >>> 11) * 0x1.0p-53;
    }
}
