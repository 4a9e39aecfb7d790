package io.emotionstream.fairness.sequential;

/**
 * Does one group's rate (accuracy, or one class's recall) differ from the other groups'? Each outcome of the group is
 * paired, in arrival order, with the next outcome of any other group; the pair's difference (-1, 0 or 1) has mean 0
 * when all groups share one rate, and feeds a {@link BettingMartingale}. Unpaired outcomes wait in bounded queues.
 */
public final class GroupVsRest {
    private final BitQueue own;
    private final BitQueue rest;
    private final BettingMartingale wealth;

    public GroupVsRest() {
        this(new BitQueue(), new BitQueue(), new BettingMartingale());
    }

    public GroupVsRest(BitQueue own, BitQueue rest, BettingMartingale wealth) {
        this.own = own;
        this.rest = rest;
        this.wealth = wealth;
    }

    void own(boolean outcome) {
        own.push(outcome);
        pair();
    }

    void rest(boolean outcome) {
        rest.push(outcome);
        pair();
    }

    private void pair() {
        while (!own.isEmpty() && !rest.isEmpty()) {
            wealth.observe((own.pop() ? 1 : 0) - (rest.pop() ? 1 : 0));
        }
    }

    double logWealth() {
        return wealth.logWealth();
    }

    public BitQueue ownQueue() {
        return own;
    }

    public BitQueue restQueue() {
        return rest;
    }

    public BettingMartingale wealth() {
        return wealth;
    }
}
