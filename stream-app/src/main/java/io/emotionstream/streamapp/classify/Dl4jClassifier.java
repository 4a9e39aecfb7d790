package io.emotionstream.streamapp.classify;

import io.emotionstream.model.bundle.ModelBundle;
import io.emotionstream.model.preprocess.ImagePreprocessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A verified model bundle behind {@link EmotionClassifier}. Loaded once; {@code classify} is called from one
 * stream thread at a time per instance (DL4J networks are not thread-safe), so the method is synchronized.
 */
public final class Dl4jClassifier implements EmotionClassifier {
    private static final int PIXELS = ImagePreprocessor.SIZE * ImagePreprocessor.SIZE;

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
        float[] flat = new float[batch.length * PIXELS];
        for (int i = 0; i < batch.length; i++) {
            System.arraycopy(batch[i], 0, flat, i * PIXELS, PIXELS);
        }
        INDArray input = Nd4j.create(flat, new long[] {batch.length, 1, ImagePreprocessor.SIZE, ImagePreprocessor.SIZE}, 'c');
        return network.output(input, false).toFloatMatrix();
    }
}
