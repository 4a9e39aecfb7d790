package io.emotionstream.streamapp.classify;

import io.emotionstream.model.bundle.ModelBundle;
import io.emotionstream.model.network.NetworkInput;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * A verified model bundle behind {@link EmotionClassifier}. Loaded once; {@code classify} is called from one
 * stream thread at a time per instance (DL4J networks are not thread-safe), so the method is synchronized.
 */
public final class Dl4jClassifier implements EmotionClassifier {
    private final ModelIdentity identity;
    private final MultiLayerNetwork network;

    private Dl4jClassifier(ModelIdentity identity, MultiLayerNetwork network) {
        this.identity = identity;
        this.network = network;
    }

    /** Checks sha256, labels and shape (see {@link ModelBundle#loadNetwork()}) before serving anything. */
    public static Dl4jClassifier load(ModelBundle bundle) {
        return new Dl4jClassifier(new ModelIdentity(bundle.name(), bundle.version()), bundle.loadNetwork());
    }

    @Override
    public ModelIdentity model() {
        return identity;
    }

    @Override
    public synchronized float[][] classify(float[][] batch) {
        return network.output(NetworkInput.of(java.util.Arrays.asList(batch)), false).toFloatMatrix();
    }
}
