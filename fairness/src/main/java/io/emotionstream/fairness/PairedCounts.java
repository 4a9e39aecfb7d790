package io.emotionstream.fairness;

import io.emotionstream.fairness.sequential.EmpiricalBernsteinSequence;
import io.emotionstream.fairness.state.StateReader;
import io.emotionstream.fairness.state.StateWriter;
import io.emotionstream.schemas.monitor.PairedFigures;

/**
 * The paired outcomes of champion and challenger on the same labelled events: counts, and the anytime-valid
 * confidence sequence of the difference in accuracy. Each pair is one observation {@code x = challenger right -
 * champion right} in {-1, 0, 1}, whose mean is the difference; concordant pairs (both right, both wrong) count as 0,
 * so only the discordant pairs move it (McNemar's insight), and the empirical-Bernstein sequence
 * ({@link EmpiricalBernsteinSequence}, on {@code (x + 1) / 2}) narrows with their share: two models that agree on most
 * events are told apart with far fewer labels than two independent samples would need.
 */
final class PairedCounts {
    long pairs;
    long championCorrect;
    long challengerCorrect;
    long challengerOnly;
    long championOnly;
    final EmpiricalBernsteinSequence difference;

    PairedCounts() {
        this(new EmpiricalBernsteinSequence());
    }

    private PairedCounts(EmpiricalBernsteinSequence difference) {
        this.difference = difference;
    }

    void add(boolean championRight, boolean challengerRight, double alpha) {
        pairs++;
        championCorrect += championRight ? 1 : 0;
        challengerCorrect += challengerRight ? 1 : 0;
        challengerOnly += challengerRight && !championRight ? 1 : 0;
        championOnly += championRight && !challengerRight ? 1 : 0;
        difference.add(((challengerRight ? 1 : 0) - (championRight ? 1 : 0) + 1) / 2.0, alpha);
    }

    double differenceLow() {
        return 2 * difference.interval().low() - 1;
    }

    double differenceHigh() {
        return 2 * difference.interval().high() - 1;
    }

    PairedFigures toAvro() {
        return new PairedFigures(
                pairs,
                championCorrect,
                challengerCorrect,
                challengerOnly,
                championOnly,
                pairs == 0 ? 0 : (double) (challengerOnly - championOnly) / pairs,
                differenceLow(),
                differenceHigh());
    }

    void write(StateWriter out) {
        for (long v : new long[] {pairs, championCorrect, challengerCorrect, challengerOnly, championOnly}) {
            out.writeLong(v);
        }
        difference.write(out);
    }

    static PairedCounts read(StateReader in) {
        long[] counts = new long[5];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = in.readLong();
        }
        PairedCounts c = new PairedCounts(EmpiricalBernsteinSequence.read(in));
        c.pairs = counts[0];
        c.championCorrect = counts[1];
        c.challengerCorrect = counts[2];
        c.challengerOnly = counts[3];
        c.championOnly = counts[4];
        return c;
    }
}
