package io.emotionstream.datasets.synthetic;

import io.emotionstream.datasets.ClassSet;
import io.emotionstream.datasets.Dataset;
import io.emotionstream.datasets.GroupDefaults;
import io.emotionstream.datasets.Sample;
import io.emotionstream.model.bundle.Sha256;
import io.emotionstream.model.preprocess.ImagePreprocessor;
import io.emotionstream.model.preprocess.Preprocessing;
import io.emotionstream.model.preprocess.TensorFormat;
import io.emotionstream.model.preprocess.face.FaceLocation;
import io.emotionstream.schemas.Emotion;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Generates labelled face datasets without licensed data: {@code subjects} identities per population, each posing
 * every expression {@code posesPerExpression} times. Deterministic for a given seed. Rendered images go through
 * the shared preprocessing (grayscale, antialiased resize to 48x48) exactly as decoded files do.
 */
public final class SyntheticFaces {
    /** Bump when the renderer changes: it is part of the dataset fingerprint. */
    static final String GENERATOR_VERSION = "synthetic-faces-v3";

    private SyntheticFaces() {}

    public static Dataset generate(Population population, int subjects, int posesPerExpression, long seed) {
        return generate(population, subjects, posesPerExpression, seed, TensorFormat.SEED);
    }

    /** The same faces as tensors of {@code format} (to evaluate a model that takes another size or scale). */
    public static Dataset generate(
            Population population, int subjects, int posesPerExpression, long seed, TensorFormat format) {
        return generate(population, subjects, posesPerExpression, seed, format, ClassSet.SIX);
    }

    /** With {@link ClassSet#SEVEN}, each subject also poses a neutral face (level brows, closed flat mouth). */
    public static Dataset generate(
            Population population,
            int subjects,
            int posesPerExpression,
            long seed,
            TensorFormat format,
            ClassSet classes) {
        Preprocessing preprocessing = new Preprocessing(FaceLocation.NONE, format);
        ImagePreprocessor preprocessor = ImagePreprocessor.withDefaultLimits(preprocessing);
        Random random = new Random(seed * 31 + population.ordinal());
        List<Sample> samples = new ArrayList<>();
        for (int s = 0; s < subjects; s++) {
            FaceRenderer.Identity who = FaceRenderer.Identity.random(population, random);
            String subject = population.code() + "-s" + s;
            for (Emotion emotion : classes.classes()) {
                for (int pose = 0; pose < posesPerExpression; pose++) {
                    BufferedImage face = FaceRenderer.render(who, emotion, random);
                    String id = subject + "/" + emotion.label() + "-" + pose + ".png";
                    samples.add(new Sample(
                            id,
                            emotion,
                            subject,
                            GroupDefaults.synthetic(population.code()),
                            preprocessor.toTensor(face)));
                }
            }
        }
        String fingerprint = Sha256.of((GENERATOR_VERSION + "|" + population + "|" + subjects + "|" + posesPerExpression
                        + "|" + seed + (classes == ClassSet.SIX ? "" : "|" + classes))
                .getBytes(StandardCharsets.UTF_8));
        return new Dataset(
                "synthetic-" + population.code(),
                samples,
                List.of(),
                GroupDefaults.synthetic(population.code()),
                fingerprint,
                preprocessing);
    }

    /** One face as PNG bytes, for producers and examples that need files rather than tensors. */
    public static byte[] png(Population population, Emotion emotion, long seed) {
        Random random = new Random(seed);
        BufferedImage face = FaceRenderer.render(FaceRenderer.Identity.random(population, random), emotion, random);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(face, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The groups a synthetic population carries, for callers that build events by hand. */
    public static Map<String, String> groups(Population population) {
        return GroupDefaults.synthetic(population.code());
    }
}
