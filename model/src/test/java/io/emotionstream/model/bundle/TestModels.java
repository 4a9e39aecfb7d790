package io.emotionstream.model.bundle;

import io.emotionstream.model.bundle.ModelBundle;
import io.emotionstream.model.bundle.ModelRegistry;
import io.emotionstream.model.bundle.UntrainedManifest;
import io.emotionstream.model.network.CnnHyperparameters;
import io.emotionstream.model.network.SeedCnn;
import io.emotionstream.model.preprocess.ImagePreprocessor;
import io.emotionstream.model.preprocess.face.FaceLocation;
import java.nio.file.Path;

/** A real (untrained) seed CNN published as a bundle: the serving path is exercised end to end. */
public final class TestModels {
    private TestModels() {
    }

    public static ModelBundle publishUntrained(Path registry, String name) {
        return publishUntrained(registry, name, FaceLocation.NONE);
    }

    /** One whose manifest says it was trained with face location {@code face}. */
    public static ModelBundle publishUntrained(Path registry, String name, FaceLocation face) {
        return new ModelRegistry(registry).publish(SeedCnn.build(CnnHyperparameters.SEED_JAFFE, 7),
                UntrainedManifest.draft(name, CnnHyperparameters.SEED_JAFFE, 7).setPreprocessing(ImagePreprocessor.spec(face)));
    }
}
