package io.emotionstream.fairness.sequential;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An e-process for "every group has the same rate" (all groups equal, not only the two extremes): a fixed-weight
 * mixture of one {@link GroupVsRest} test per group. The j-th group to appear (1-based) takes slot j, weighted
 * {@code 1/(j(j+1))}, the last of the {@code slots} slots {@code 1/slots}, so the weights sum to 1 and are fixed
 * before any outcome is seen; a slot whose group has not appeared counts as wealth 1. A mixture of test martingales
 * with fixed weights is one, so Ville's inequality bounds the chance that the mixture ever reaches {@code 1/a} by
 * {@code a} when all groups are equal; front-loaded weights cost a two-group attribute ln 2 of evidence, not ln(slots).
 */
public final class EqualityTest {
    private final int slots;
    private final List<String> groups;
    private final List<GroupVsRest> tests;

    public EqualityTest(int slots) {
        this(slots, new ArrayList<>(), new ArrayList<>());
    }

    public EqualityTest(int slots, List<String> groups, List<GroupVsRest> tests) {
        if (slots < 2 || groups.size() != tests.size() || groups.size() > slots) {
            throw new IllegalArgumentException("need 2 <= slots and one test per group, at most slots");
        }
        this.slots = slots;
        this.groups = groups;
        this.tests = tests;
    }

    public void observe(String group, boolean outcome) {
        int slot = groups.indexOf(group);
        if (slot < 0 && groups.size() < slots) {
            groups.add(group);
            tests.add(new GroupVsRest());
            slot = groups.size() - 1;
        }
        for (int j = 0; j < tests.size(); j++) {
            if (j == slot) {
                tests.get(j).own(outcome);
            } else {
                tests.get(j).rest(outcome);
            }
        }
    }

    /** The log of the mixture's wealth (its e-value now). */
    public double logEValue() {
        double max = Double.NEGATIVE_INFINITY;
        double[] terms = new double[slots];
        for (int j = 0; j < slots; j++) {
            terms[j] =
                    Math.log(weight(j + 1)) + (j < tests.size() ? tests.get(j).logWealth() : 0);
            max = Math.max(max, terms[j]);
        }
        double sum = 0;
        for (double term : terms) {
            sum += Math.exp(term - max);
        }
        return max + Math.log(sum);
    }

    /** The group whose own test holds the most evidence, if any has gained: the one that stands out. */
    public Optional<String> standingOut() {
        int best = -1;
        for (int j = 0; j < tests.size(); j++) {
            if (tests.get(j).logWealth() > 0
                    && (best < 0 || tests.get(j).logWealth() > tests.get(best).logWealth())) {
                best = j;
            }
        }
        return best < 0 ? Optional.empty() : Optional.of(groups.get(best));
    }

    private double weight(int slot) {
        return slot < slots ? 1.0 / ((double) slot * (slot + 1)) : 1.0 / slots;
    }

    public int slots() {
        return slots;
    }

    public List<String> groups() {
        return groups;
    }

    public List<GroupVsRest> tests() {
        return tests;
    }
}
