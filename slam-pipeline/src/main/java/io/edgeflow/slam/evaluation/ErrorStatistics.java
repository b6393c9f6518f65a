package io.edgeflow.slam.evaluation;

/** Mean and (population) standard deviation of a sample. */
public record ErrorStatistics(double mean, double std, int count) {

    public static ErrorStatistics of(double[] values) {
        int n = values.length;
        if (n == 0) {
            return new ErrorStatistics(Double.NaN, Double.NaN, 0);
        }
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        double mean = sum / n;
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        return new ErrorStatistics(mean, Math.sqrt(ss / n), n);
    }
}
