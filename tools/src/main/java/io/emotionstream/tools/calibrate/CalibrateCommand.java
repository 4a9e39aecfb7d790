package io.emotionstream.tools.calibrate;

import io.emotionstream.fairness.sequential.ConfidenceSequence;
import io.emotionstream.fairness.sequential.Proportions;
import io.emotionstream.fairness.simulation.ComparisonCalibration;
import io.emotionstream.fairness.simulation.EstimateCalibration;
import io.emotionstream.fairness.simulation.MonitorCost;
import io.emotionstream.fairness.simulation.VerdictCalibration;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./emotion-stream calibrate-monitor}: simulates streams of labels with known per-group rates and checks the
 * monitor after every label, as a dashboard watching live would (docs/benchmarks.md, "Intervals that stay valid while watched"):
 * <ol>
 *   <li>intervals: the share of streams whose per-group interval ever missed the true accuracy, for the anytime-valid
 *   confidence sequence and, on the same streams, for the fixed-sample 95% Wilson interval;</li>
 *   <li>verdicts: the share of fair streams (all groups equal) ever called {@code UNFAIR} by the sequential verdicts
 *   (the false-alarm rate, target at most alpha) and ever alarmed by the rule used before them (gap and z-test), and
 *   the labels until {@code UNFAIR} for true gaps, with the monitor's default settings;</li>
 *   <li>estimates: the label-free and prediction-powered estimates (interval coverage and width, the estimator's
 *       audit) and the predicted-mix drift test ({@code --labels} is then predictions per stream, 10% labelled);</li>
 *   <li>challenger: the promotion rule's false promotions and its delays ({@code --labels} is then paired events
 *       per stream);</li>
 *   <li>cost: what a label costs one attribute's cumulative aggregate, with and without the audit.</li>
 * </ol>
 */
@Command(
        name = "calibrate-monitor",
        mixinStandardHelpOptions = true,
        description =
                "Simulated label streams: how often the monitor's intervals ever miss, how often its verdicts falsely alarm and how soon they find real gaps, whether its label-free estimates and its promotion rule keep their promise, and what a label costs it.")
public final class CalibrateCommand implements Callable<Integer> {
    @Option(
            names = "--streams",
            defaultValue = "1000",
            description = "Streams per accuracy (default: ${DEFAULT-VALUE}).")
    int streams;

    @Option(
            names = "--labels",
            defaultValue = "20000",
            description = "Labels per stream, a look after each (default: ${DEFAULT-VALUE}).")
    int labels;

    @Option(
            names = "--accuracies",
            split = ",",
            defaultValue = "0.5,0.7,0.9,0.97",
            description = "True accuracies to simulate (default: ${DEFAULT-VALUE}).")
    double[] accuracies;

    @Option(
            names = "--alpha",
            defaultValue = "0.05",
            description = "Error the intervals promise (default: ${DEFAULT-VALUE}).")
    double alpha;

    @Option(
            names = "--tune-for",
            defaultValue = "30",
            description = "Sample size the sequence is tightest at (default: ${DEFAULT-VALUE}, monitor.min.samples).")
    long tuneFor;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--part",
            defaultValue = "all",
            description = "intervals, verdicts, estimates, challenger, cost or all (default: ${DEFAULT-VALUE}).")
    String part;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--delay-streams",
            defaultValue = "200",
            description = "Streams per unfair scenario for the detection delays (default: ${DEFAULT-VALUE}).")
    int delayStreams;

    @Option(
            names = "--gaps",
            split = ",",
            defaultValue = "0.05,0.10,0.20",
            description = "True accuracy gaps to detect (default: ${DEFAULT-VALUE}).")
    double[] gaps;

    @Option(
            names = "--labels-per-hour",
            defaultValue = "1000",
            description = "Label rate the delays are also given at, in hours (default: ${DEFAULT-VALUE}).")
    double labelsPerHour;

    @Override
    public Integer call() {
        if (!List.of("all", "intervals", "verdicts", "estimates", "challenger", "cost")
                .contains(part)) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--part: one of intervals, verdicts, estimates, challenger, cost, all; got " + part);
        }
        if (part.equals("all") || part.equals("intervals")) {
            intervals();
        }
        if (part.equals("all") || part.equals("verdicts")) {
            new VerdictCalibration(streams, labels, delayStreams, gaps, labelsPerHour, seed).print(System.out);
        }
        if (part.equals("all") || part.equals("estimates")) {
            new EstimateCalibration(streams, labels, delayStreams, seed).print(System.out);
        }
        if (part.equals("all") || part.equals("challenger")) {
            new ComparisonCalibration(streams, labels, delayStreams, seed).print(System.out);
        }
        if (part.equals("all") || part.equals("cost")) {
            MonitorCost.print(System.out);
        }
        return 0;
    }

    private void intervals() {
        ConfidenceSequence sequence = ConfidenceSequence.tunedFor(alpha, tuneFor);
        System.out.printf(
                Locale.ROOT,
                "%d streams x %d labels per accuracy, a look after every label, alpha %.3f%n",
                streams,
                labels,
                alpha);
        System.out.println(
                "accuracy  ever missed: confidence sequence   Wilson 95%   (width at the end: sequence / Wilson)");
        for (double accuracy : accuracies) {
            Result anytime = simulate(accuracy, new SplittableRandom(seed), sequence::interval);
            Result wilson = simulate(accuracy, new SplittableRandom(seed), Proportions::wilson);
            System.out.printf(
                    Locale.ROOT,
                    "%8.3f  %32.4f  %11.4f   (%.4f / %.4f)%n",
                    accuracy,
                    anytime.missRate(),
                    wilson.missRate(),
                    anytime.finalWidth(),
                    wilson.finalWidth());
        }
    }

    record Result(double missRate, double finalWidth) {}

    private Result simulate(
            double accuracy, SplittableRandom random, BiFunction<Long, Long, Proportions.Interval> rule) {
        int missed = 0;
        double width = 0;
        for (int s = 0; s < streams; s++) {
            long successes = 0;
            boolean miss = false;
            Proportions.Interval interval = null;
            for (long n = 1; n <= labels; n++) {
                successes += random.nextDouble() < accuracy ? 1 : 0;
                interval = rule.apply(successes, n);
                if (!miss && (accuracy < interval.low() || accuracy > interval.high())) {
                    miss = true;
                }
            }
            missed += miss ? 1 : 0;
            width += interval.high() - interval.low();
        }
        return new Result((double) missed / streams, width / streams);
    }
}
