package io.emotionstream.trainer.imported;

import io.emotionstream.model.preprocess.TensorFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Random 8-bit images of a tensor format, the same for a given format: what an import runs a network on to check it. */
final class CheckImages {
    static final int COUNT = 8;

    private CheckImages() {}

    /** The same images, one tensor each. */
    static List<float[]> tensors(TensorFormat format) {
        float[] all = of(format);
        List<float[]> tensors = new ArrayList<>();
        for (int i = 0; i < COUNT; i++) {
            tensors.add(Arrays.copyOfRange(all, i * format.pixels(), (i + 1) * format.pixels()));
        }
        return tensors;
    }

    /** {@link #COUNT} images, one after the other, scaled as the format says. */
    static float[] of(TensorFormat format) {
        Random random = new Random(format.pixels());
        float[] pixels = new float[COUNT * format.pixels()];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = format.scale().apply(random.nextInt(256));
        }
        return pixels;
    }
}
