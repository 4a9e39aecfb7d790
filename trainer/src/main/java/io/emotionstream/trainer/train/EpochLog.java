package io.emotionstream.trainer.train;

/** What one epoch did: for progress lines, the report and a checkpoint's history. */
public record EpochLog(
        int attempt,
        int epoch,
        int maxEpochs,
        double trainLoss,
        double validationAccuracy,
        double validationLoss,
        int distinctPredictions,
        double seconds) {

    /** One line for a checkpoint, read back by {@link #parse}. */
    public String format() {
        return attempt + "," + epoch + "," + maxEpochs + "," + trainLoss + "," + validationAccuracy + ","
                + validationLoss + "," + distinctPredictions + "," + seconds;
    }

    public static EpochLog parse(String line) {
        String[] f = line.split(",");
        if (f.length != 8) {
            throw new IllegalArgumentException("an epoch's line has 8 fields, not " + f.length);
        }
        return new EpochLog(
                Integer.parseInt(f[0]),
                Integer.parseInt(f[1]),
                Integer.parseInt(f[2]),
                Double.parseDouble(f[3]),
                Double.parseDouble(f[4]),
                Double.parseDouble(f[5]),
                Integer.parseInt(f[6]),
                Double.parseDouble(f[7]));
    }
}
