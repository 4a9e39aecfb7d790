package io.emotionstream.streamapp.classify;

import io.emotionstream.model.bundle.ModelBundle;
import io.emotionstream.model.calibration.Calibration;
import io.emotionstream.model.network.NetworkInput;
import io.emotionstream.model.preprocess.face.FaceLocation;
import java.util.Arrays;
import java.util.Optional;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * A verified model bundle behind {@link EmotionClassifier}. Loaded once; each calling thread gets its own replica
 * of the network (DL4J networks are not thread-safe), so stream threads run forward passes side by side instead
 * of queueing on one lock. On these 2 cores two single-threaded replicas classify ~40% more images/s than one
 * replica using both cores through OpenMP (docs/benchmarks.md), which is why serving runs one stream thread per
 * core with {@code OMP_NUM_THREADS=1}. A replica is ~2.4 MB of parameters.
 */
public final class Dl4jClassifier implements EmotionClassifier {
    private final ModelIdentity identity;
    private final FaceLocation faceLocation;
    private final Optional<Calibration> calibration;
    private final ThreadLocal<MultiLayerNetwork> replicas;

    private Dl4jClassifier(ModelIdentity identity, FaceLocation faceLocation, Optional<Calibration> calibration,
                           MultiLayerNetwork network) {
        this.identity = identity;
        this.faceLocation = faceLocation;
        this.calibration = calibration;
        this.replicas = ThreadLocal.withInitial(() -> cloneOf(network));
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
        float[][] probabilities = replicas.get().output(NetworkInput.of(Arrays.asList(batch)), false).toFloatMatrix();
        calibration.ifPresent(c -> {
            for (float[] row : probabilities) {
                c.applyInPlace(row);
            }
        });
        return probabilities;
    }

    // clone() reads the source's parameters; two threads taking their first replica at once must not race on it.
    private static MultiLayerNetwork cloneOf(MultiLayerNetwork network) {
        synchronized (network) {
            return network.clone();
        }
    }
}
