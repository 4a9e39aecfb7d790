package io.emotionstream.streamapp.errors;

/**
 * Tells a failure that hits one record (dead-letter it, go on) from one that hits every record (stop the client,
 * loudly): the model cannot run, a native library is missing, a bug on the main path. The first is data; the second
 * would turn the whole stream into dead letters, which is worse than stopping.
 *
 * <p>The rule: the client stops when, over the records it took in lately (the current and the previous block of
 * {@code blockSize} records, so between {@code blockSize} and twice that), at least {@code minRecords} were taken in
 * and at least {@code maxFailureRatio} of them failed. With the defaults (blocks of 100, 100 records, 95%): a model
 * that fails on everything stops the client after about 100 records; a producer would have to make 95 of every 100
 * records fail processing, which no known input does (every known bad input has its own dead-letter reason first).
 *
 * <p>Records are counted where they enter the topology ({@link #taken()}); failures where they are handled
 * ({@link #failed()}): the processing exception handler, and the micro-batcher for inference failures. One instance
 * per Kafka Streams client, shared by its stream threads.
 */
public final class FailureBreaker {
    private final int blockSize;
    private final int minRecords;
    private final double maxFailureRatio;
    private long takenNow;
    private long failedNow;
    private long takenBefore;
    private long failedBefore;
    private volatile boolean tripped;

    public FailureBreaker(int blockSize, int minRecords, double maxFailureRatio) {
        if (blockSize <= 0
                || minRecords <= 0
                || minRecords > 2 * blockSize
                || maxFailureRatio <= 0
                || maxFailureRatio > 1) {
            throw new IllegalArgumentException("breaker: block > 0, 0 < min records <= 2 x block, 0 < ratio <= 1");
        }
        this.blockSize = blockSize;
        this.minRecords = minRecords;
        this.maxFailureRatio = maxFailureRatio;
    }

    /** Blocks of 100, at least 100 records, 95% failed. */
    public static FailureBreaker withDefaults() {
        return new FailureBreaker(100, 100, 0.95);
    }

    /** One input record entered the topology. */
    public synchronized void taken() {
        if (++takenNow >= blockSize) {
            takenBefore = takenNow;
            failedBefore = failedNow;
            takenNow = 0;
            failedNow = 0;
        }
    }

    /** One record failed; true when this failure trips the breaker (and from then on). */
    public synchronized boolean failed() {
        failedNow++;
        long taken = takenNow + takenBefore;
        long failed = failedNow + failedBefore;
        if (taken >= minRecords && failed >= maxFailureRatio * taken) {
            tripped = true;
        }
        return tripped;
    }

    public boolean tripped() {
        return tripped;
    }

    /** For the log line and docs: the rule in words. */
    public String describe() {
        return String.format(
                "at least %.0f%% of at least %d recent records (blocks of %d) failed",
                maxFailureRatio * 100, minRecords, blockSize);
    }
}
