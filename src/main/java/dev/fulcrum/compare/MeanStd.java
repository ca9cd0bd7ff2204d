package dev.fulcrum.compare;


/**
 * Mean and sample standard deviation (n − 1 denominator; 0 for a single value) of the finite
 * values given; NaN values (a metric a run could not compute) are left out and n counts the rest.
 * With no finite value, mean and std are NaN and n is 0.
 */
public record MeanStd(double mean, double std, int n) {

    public static MeanStd of(double... values) {
        int n = 0;
        double sum = 0;
        for (double v : values) {
            if (Double.isFinite(v)) {
                sum += v;
                n++;
            }
        }
        if (n == 0) {
            return new MeanStd(Double.NaN, Double.NaN, 0);
        }
        double mean = sum / n;
        double ss = 0;
        for (double v : values) {
            if (Double.isFinite(v)) {
                ss += (v - mean) * (v - mean);
            }
        }
        return new MeanStd(mean, n == 1 ? 0.0 : Math.sqrt(ss / (n - 1)), n);
    }

    /** e.g. {@code 0.8123 ± 0.0150}; "–" when nothing was measured. */
    public String format(int digits) {
        if (n == 0) {
            return "–";
        }
        String f = "%." + digits + "f";
        return String.format(java.util.Locale.ROOT, f + " ± " + f, mean, std);
    }
}
