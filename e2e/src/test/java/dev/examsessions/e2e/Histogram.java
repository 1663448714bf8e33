package dev.examsessions.e2e;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Prometheus histogram read from a {@code /metrics} scrape, and its quantile computed as PromQL does. */
final class Histogram {
    /** Greedy labels: a route template's braces ({sessionId}) are inside the label values. */
    private static final Pattern BUCKET = Pattern.compile("^(\\w+)_bucket\\{(.*)} (\\S+)$");
    private static final Pattern LE = Pattern.compile("le=\"([^\"]+)\"");

    private Histogram() {
    }

    /** Cumulative counts by upper bound, summed over the series whose labels contain every {@code matchers} pair. */
    static TreeMap<Double, Double> buckets(String scrape, String name, Map<String, String> matchers) {
        TreeMap<Double, Double> buckets = new TreeMap<>();
        scrape.lines().forEach(line -> {
            Matcher m = BUCKET.matcher(line);
            if (!m.matches() || !m.group(1).equals(name)) {
                return;
            }
            String labels = m.group(2);
            boolean selected = matchers.entrySet().stream()
                    .allMatch(e -> labels.contains(e.getKey() + "=\"" + e.getValue() + "\""));
            Matcher le = LE.matcher(labels);
            if (selected && le.find()) {
                double bound = le.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le.group(1));
                buckets.merge(bound, Double.parseDouble(m.group(3)), Double::sum);
            }
        });
        return buckets;
    }

    /** {@code histogram_quantile(q, …)}: linear interpolation inside the bucket holding the rank. */
    static double quantile(double q, TreeMap<Double, Double> buckets) {
        double total = buckets.get(Double.POSITIVE_INFINITY);
        double rank = q * total;
        double lower = 0;
        double below = 0;
        for (Map.Entry<Double, Double> b : buckets.entrySet()) {
            if (b.getValue() >= rank) {
                if (b.getKey().isInfinite()) {
                    return lower; // PromQL answers the highest finite bound
                }
                return lower + (b.getKey() - lower) * (rank - below) / (b.getValue() - below);
            }
            lower = b.getKey();
            below = b.getValue();
        }
        return Double.NaN;
    }
}
