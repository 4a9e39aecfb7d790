package io.emotionstream.model.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.emotionstream.model.preprocess.face.FaceLocation;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PreprocessingTest {
    @Test
    void shouldKeepTheSeedIdThatEveryEarlierBundleCarries() {
        assertThat(Preprocessing.SEED.id()).isEqualTo("gray-resize-v1");
        assertThat(Preprocessing.of("gray-resize-v1", FaceLocation.DETECT))
                .isEqualTo(Preprocessing.seed(FaceLocation.DETECT));
    }

    @Test
    void shouldGiveAnotherTensorFormatAnIdOfItsOwnAndReadItBack() {
        // given mini-Xception's input: 64 pixels, scaled to [-1, 1]
        Preprocessing imported = new Preprocessing(FaceLocation.NONE, new TensorFormat(64, PixelScale.SYMMETRIC));

        // when
        String id = imported.id();

        // then
        assertThat(id).isEqualTo("gray-resize-v1-64-minus-one-to-one");
        assertThat(Preprocessing.of(imported.spec())).isEqualTo(imported);
        assertThat(imported.spec().getResize()).isEqualTo("bilinear-antialiased-64x64");
    }

    @Test
    void shouldRefuseIdsThisBuildDoesNotImplement() {
        assertThatThrownBy(() -> Preprocessing.of("gray-resize-v2", FaceLocation.NONE))
                .hasMessageContaining("not implemented");
        assertThatThrownBy(() -> Preprocessing.of("gray-resize-v1-48-divide-255", FaceLocation.NONE))
                .as("the seed's format has one name only")
                .hasMessageContaining("not implemented");
        assertThatThrownBy(() -> Preprocessing.of("gray-resize-v1-999-divide-255", FaceLocation.NONE))
                .hasMessageContaining("outside [16, 256]");
        assertThatThrownBy(() -> Preprocessing.of("gray-resize-v1-64-divide-100", FaceLocation.NONE))
                .hasMessageContaining("unknown pixel scale");
    }

    @Test
    void shouldScaleGrayValuesAsTheNetworkWasTrained() throws Exception {
        // given a white left half and a black right half
        BufferedImage image = new BufferedImage(128, 128, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 128; y++) {
            for (int x = 0; x < 64; x++) {
                image.getRaster().setSample(x, y, 0, 255);
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);

        // when
        float[] symmetric = ImagePreprocessor.withDefaultLimits(
                        new Preprocessing(FaceLocation.NONE, new TensorFormat(64, PixelScale.SYMMETRIC)))
                .preprocess(png.toByteArray());
        float[] unit = ImagePreprocessor.withDefaultLimits(Preprocessing.SEED).preprocess(png.toByteArray());

        // then: 64x64 in [-1, 1] for the imported network, 48x48 in [0, 1] for the seed
        assertThat(symmetric).hasSize(64 * 64);
        assertThat(symmetric[0]).isCloseTo(1f, within(1e-6f));
        assertThat(symmetric[63]).isCloseTo(-1f, within(1e-6f));
        assertThat(unit).hasSize(48 * 48);
        assertThat(unit[0]).isCloseTo(1f, within(1e-6f));
        assertThat(unit[47]).isCloseTo(0f, within(1e-6f));
    }
}
