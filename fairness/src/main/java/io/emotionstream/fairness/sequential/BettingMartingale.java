package io.emotionstream.fairness.sequential;

/**
 * A test martingale for "the paired differences {@code z} in [-1, 1] have mean 0", built by betting: the wealth
 * starts at 1 and each {@code z} multiplies it by {@code 1 + bet * z}, the bet chosen before {@code z} is seen.
 * Under the null every factor has expectation 1, so the wealth is a nonnegative martingale and by Ville's inequality
 * {@code P(wealth ever reaches 1/a) <= a}; when the mean is not 0 a good bet makes it grow exponentially.
 *
 * <p>The bet is the online Newton step of Cutkosky and Orabona ("Black-box reductions for parameter-free online
 * learning in Banach spaces", COLT 2018), as used for two-sample tests by Shekhar and Ramdas (IEEE Trans. Inf.
 * Theory 2023) and for fairness audits by Chugg, Cortes-Gomez, Ramdas et al. ("Auditing fairness by betting", NeurIPS
 * 2023): with {@code g = z / (1 + bet z)} (the gradient of the log-wealth), {@code A = 1 + sum g^2},
 * {@code bet <- clip(bet + 2 / (2 - ln 3) * g / A, -1/2, 1/2)}. Negative bets make the test two-sided.
 * Kept in logs: the wealth of a long unfair stream overflows a double.
 */
public final class BettingMartingale {
    static final double MAX_BET = 0.5;
    private static final double STEP = 2 / (2 - Math.log(3));

    private double logWealth;
    private double bet;
    private double sumSquares = 1;

    public BettingMartingale() {}

    public BettingMartingale(double logWealth, double bet, double sumSquares) {
        if (!Double.isFinite(logWealth) || !(Math.abs(bet) <= MAX_BET) || !(sumSquares >= 1)) {
            throw new IllegalArgumentException("not a betting state: " + logWealth + ", " + bet + ", " + sumSquares);
        }
        this.logWealth = logWealth;
        this.bet = bet;
        this.sumSquares = sumSquares;
    }

    void observe(double z) {
        logWealth += Math.log1p(bet * z);
        double gradient = z / (1 + bet * z);
        sumSquares += gradient * gradient;
        bet = Math.max(-MAX_BET, Math.min(MAX_BET, bet + STEP * gradient / sumSquares));
    }

    public double logWealth() {
        return logWealth;
    }

    public double bet() {
        return bet;
    }

    public double sumSquares() {
        return sumSquares;
    }
}
