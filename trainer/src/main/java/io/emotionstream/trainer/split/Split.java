package io.emotionstream.trainer.split;

import io.emotionstream.datasets.Sample;
import io.emotionstream.schemas.model.SplitSpec;
import java.util.List;

/** Train (fit), validation (early stopping and search objective) and test (reported) partitions of one dataset. */
public record Split(
        SplitMode mode,
        List<Sample> train,
        List<Sample> validation,
        List<Sample> test,
        double testFraction,
        double validationFraction,
        long seed) {
    public Split {
        train = List.copyOf(train);
        validation = List.copyOf(validation);
        test = List.copyOf(test);
    }

    public SplitSpec toSpec() {
        return new SplitSpec(
                mode.code(), testFraction, validationFraction, seed, train.size(), validation.size(), test.size());
    }

    /** Train and validation together: the seed notebook's "train" set (741 images for CK+ at 80/20). */
    public int trainPartitionSize() {
        return train.size() + validation.size();
    }
}
