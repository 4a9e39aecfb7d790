package io.emotionstream.streamapp.topology;

import io.emotionstream.model.preprocess.Preprocessing;
import io.emotionstream.model.preprocess.face.FaceLocation;
import io.emotionstream.streamapp.classify.EmotionClassifier;
import io.emotionstream.streamapp.classify.ModelIdentity;
import java.util.ArrayList;
import java.util.List;

/** Answers "happiness" for bright images and "sadness" for dark ones, and records every batch size it saw. */
class FakeClassifier implements EmotionClassifier {
    final List<Integer> batchSizes = new ArrayList<>();
    final List<float[]> inputs = new ArrayList<>();
    private final ModelIdentity identity;
    private final FaceLocation faceLocation;

    FakeClassifier(String name, int version) {
        this(name, version, FaceLocation.NONE);
    }

    /** A fake trained with face location {@code faceLocation}. */
    FakeClassifier(String name, int version, FaceLocation faceLocation) {
        this.identity = new ModelIdentity(name, version);
        this.faceLocation = faceLocation;
    }

    @Override
    public Preprocessing preprocessing() {
        return Preprocessing.seed(faceLocation);
    }

    @Override
    public ModelIdentity model() {
        return identity;
    }

    @Override
    public float[][] classify(float[][] batch) {
        batchSizes.add(batch.length);
        inputs.addAll(List.of(batch));
        float[][] out = new float[batch.length][6];
        for (int i = 0; i < batch.length; i++) {
            double mean = 0;
            for (float v : batch[i]) {
                mean += v / batch[i].length;
            }
            int emotion = mean > 0.5 ? 3 : 4;
            for (int c = 0; c < 6; c++) {
                out[i][c] = c == emotion ? 0.75f : 0.05f;
            }
        }
        return out;
    }
}
