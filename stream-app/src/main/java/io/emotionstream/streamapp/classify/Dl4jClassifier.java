package io.emotionstream.streamapp.classify;

import io.emotionstream.model.bundle.ModelBundle;
import io.emotionstream.model.calibration.Calibration;
import io.emotionstream.model.network.NetworkForward;
import io.emotionstream.model.network.NetworkInput;
import io.emotionstream.model.preprocess.face.FaceLocation;
import java.util.Arrays;
import java.util.Optional;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * A verified model bundle behind {@link EmotionClassifier}. Loaded once; stream threads run forward passes side by
 * side ({@link NetworkForward}: the seed CNN's lean path shares one copy of the weights, any other network gets a
 * replica per thread), instead of queueing on one lock. On these 2 cores two single-threaded callers classify more
 * images/s than one caller using both cores through OpenMP (docs/benchmarks.md), which is why serving runs one
 * stream thread per core with {@code OMP_NUM_THREADS=1}.
 */
public final class Dl4jClassifier implements EmotionClassifier {
    private final ModelIdentity identity;
    private final FaceLocation faceLocation;
    private final Optional<Calibration> calibration;
    private final NetworkForward forward;

    private Dl4jClassifier(ModelIdentity identity, FaceLocation faceLocation, Optional<Calibration> calibration,
                           MultiLayerNetwork network) {
        this.identity = identity;
        this.faceLocation = faceLocation;
        this.calibration = calibration;
        this.forward = NetworkForward.of(network);
    }

    /** Checks sha256, labels, shape and preprocessing (see {@link ModelBundle#loadNetwork()}) before serving anything. */
    public static Dl4jClassifier load(ModelBundle bundle) {
        MultiLayerNetwork network = bundle.loadNetwork();
        return new Dl4jClassifier(new ModelIdentity(bundle.name(), bundle.version()), bundle.faceLocation(), bundle.calibration(), network);
    }

    @Override
    public FaceLocation faceLocation() {
        return faceLocation;
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
        float[][] probabilities = forward.probabilities(NetworkInput.of(Arrays.asList(batch)));
        calibration.ifPresent(c -> {
            for (float[] row : probabilities) {
                c.applyInPlace(row);
            }
        });
        return probabilities;
    }
}
