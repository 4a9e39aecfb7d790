package io.emotionstream.trainer.imported;

/** How far apart two networks' outputs are: the largest absolute difference of any entry, NaN if any entry is NaN. */
final class LargestDifference {
    private LargestDifference() {}

    /** Over rows of equal length; NaN is kept, so a NaN never passes a {@code <=} tolerance. */
    static double of(float[][] first, float[][] second) {
        double largest = 0;
        for (int i = 0; i < first.length; i++) {
            for (int j = 0; j < first[i].length; j++) {
                double difference = Math.abs(first[i][j] - second[i][j]);
                largest = Double.isNaN(difference) ? Double.NaN : Math.max(largest, difference);
            }
        }
        return largest;
    }
}
