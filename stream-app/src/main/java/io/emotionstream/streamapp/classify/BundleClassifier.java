package io.emotionstream.streamapp.classify;

import io.emotionstream.model.bundle.LoadedModel;
import io.emotionstream.model.bundle.ModelBundle;
import io.emotionstream.model.calibration.Calibration;
import io.emotionstream.model.preprocess.Preprocessing;
import java.util.Arrays;
import java.util.Optional;

/**
 * A verified model bundle behind {@link EmotionClassifier}, trained here or imported, whatever its engine. Loaded
 * once; stream threads run forward passes side by side ({@link io.emotionstream.model.network.NetworkForward}: the
 * seed CNN's lean path and an ONNX Runtime session are shared, a DL4J graph gets a replica per thread), instead of
 * queueing on one lock. On
 * these 2 cores two single-threaded callers classify more images/s than one caller using both cores through OpenMP
 * (docs/benchmarks.md), which is why serving runs one stream thread per core with {@code OMP_NUM_THREADS=1}.
 */
public final class BundleClassifier implements EmotionClassifier {
    private final ModelIdentity identity;
    private final Optional<Calibration> calibration;
    private final LoadedModel model;

    private BundleClassifier(ModelIdentity identity, Optional<Calibration> calibration, LoadedModel model) {
        this.identity = identity;
        this.calibration = calibration;
        this.model = model;
    }

    /** Checks sha256, labels, shape and preprocessing (see {@link ModelBundle#load()}) before serving anything. */
    public static BundleClassifier load(ModelBundle bundle) {
        LoadedModel model = bundle.load();
        return new BundleClassifier(new ModelIdentity(bundle.name(), bundle.version()), bundle.calibration(), model);
    }

    @Override
    public Preprocessing preprocessing() {
        return model.preprocessing();
    }

    @Override
    public ModelIdentity model() {
        return identity;
    }

    @Override
    public Optional<Calibration> calibration() {
        return calibration;
    }

    @Override
    public float[][] classify(float[][] batch) {
        float[][] probabilities = model.classProbabilities(Arrays.asList(batch));
        calibration.ifPresent(c -> {
            for (float[] row : probabilities) {
                c.applyInPlace(row);
            }
        });
        return probabilities;
    }
}
