package io.emotionstream.model.preprocess.face;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotionstream.model.preprocess.GrayImage;
import org.junit.jupiter.api.Test;

class FaceCropTest {
    private static GrayImage ramp(int width, int height) {
        float[] pixels = new float[width * height];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (i % width) + 100 * (i / width);
        }
        return new GrayImage(pixels, width, height);
    }

    @Test
    void shouldCutTheSquareAroundTheBoxScaledToTheTrainingFraming() {
        // given a 100x100 box centred at (100, 80)
        GrayImage image = ramp(200, 160);

        // when
        GrayImage crop = FaceCrop.around(image, new FaceBox(50, 30, 100, 100));

        // then 96x96 (0.96 of the box), centred on the box
        assertThat(crop.width()).isEqualTo(96);
        assertThat(crop.height()).isEqualTo(96);
        assertThat(crop.pixels()[0]).isEqualTo(52 + 100 * 32);
        assertThat(crop.pixels()[95 * 96 + 95]).isEqualTo(147 + 100 * 127);
    }

    @Test
    void shouldRepeatEdgePixelsWhereTheCropLeavesTheImage() {
        GrayImage image = ramp(20, 20);

        // a 50x50 box centred at (13, 13): a 48x48 crop from (-11, -11)
        GrayImage crop = FaceCrop.around(image, new FaceBox(-12, -12, 50, 50));

        // the crop's corners outside the image repeat the nearest edge pixel; inside, pixels are copied
        assertThat(crop.pixels()[0]).isEqualTo(0f);
        assertThat(crop.pixels()[47]).isEqualTo(19f);
        int inside = 16 * crop.width() + 16; // (16, 16) in the crop is image pixel (5, 5)
        assertThat(crop.pixels()[inside]).isEqualTo(5 + 100 * 5);
    }
}
