package io.emotionstream.fairness.sequential;

/**
 * A first-in first-out queue of at most 64 outcomes (right or wrong) in one long; pushing onto a full queue drops
 * the oldest. Which outcome waits or is dropped depends only on arrival order, never on its value, which is what
 * keeps the pairs of {@link GroupVsRest} fair under the null.
 */
public final class BitQueue {
    static final int CAPACITY = 64;
    private long bits;
    private int size;

    public BitQueue() {}

    public BitQueue(long bits, int size) {
        if (size < 0 || size > CAPACITY) {
            throw new IllegalArgumentException("queue size " + size);
        }
        this.bits = size == CAPACITY ? bits : bits & ((1L << size) - 1);
        this.size = size;
    }

    void push(boolean outcome) {
        if (size == CAPACITY) {
            pop();
        }
        if (outcome) {
            bits |= 1L << size;
        }
        size++;
    }

    boolean pop() {
        if (size == 0) {
            throw new IllegalStateException("empty");
        }
        boolean oldest = (bits & 1L) != 0;
        bits >>>= 1;
        size--;
        return oldest;
    }

    boolean isEmpty() {
        return size == 0;
    }

    public long bits() {
        return bits;
    }

    public int size() {
        return size;
    }
}
