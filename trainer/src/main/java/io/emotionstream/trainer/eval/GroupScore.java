package io.emotionstream.trainer.eval;

/** Accuracy of one group (attribute value) of a test set. */
public record GroupScore(int n, int correct) {
    public double accuracy() {
        return n == 0 ? 0 : (double) correct / n;
    }
}
