package io.emotionstream.datasets;

import io.emotionstream.datasets.synthetic.Population;
import io.emotionstream.datasets.synthetic.SyntheticFaces;
import io.emotionstream.schemas.Emotion;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Writes synthetic faces to disk in the layouts of real datasets, so loaders are tested without licensed images. */
public final class TestImages {
    private TestImages() {}

    public static byte[] png(Population population, Emotion emotion, long seed) {
        return SyntheticFaces.png(population, emotion, seed);
    }

    public static byte[] reencode(byte[] png, String format) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(image, format, out)) {
            throw new IOException("no writer for " + format);
        }
        return out.toByteArray();
    }

    /** CK+48 layout: class folders (CK+ spellings, with contempt) of Sxxx_yyy_zzzzzzzz.png files. */
    public static Path ckPlusLayout(Path root, int subjects, int framesPerClass) throws IOException {
        String[] folders = {"anger", "contempt", "disgust", "fear", "happy", "sadness", "surprise"};
        long seed = 1;
        for (String folder : folders) {
            Path dir = Files.createDirectories(root.resolve(folder));
            Emotion emotion = folder.equals("contempt")
                    ? Emotion.DISGUST
                    : Emotion.fromAlias(folder).orElseThrow();
            for (int s = 1; s <= subjects; s++) {
                for (int f = 0; f < framesPerClass; f++) {
                    String name = String.format("S%03d_%03d_%08d.png", s, 1, f + 10);
                    Files.write(dir.resolve(name), png(Population.A, emotion, seed++));
                }
            }
        }
        return root;
    }

    /** JAFFE layout: one flat folder of POSER.CODEn.NNN.tiff files, neutral included. */
    public static Path jaffeLayout(Path root, String[] posers, int posesPerCode) throws IOException {
        Files.createDirectories(root);
        String[] codes = {"AN", "DI", "FE", "HA", "SA", "SU", "NE"};
        int serial = 1;
        for (String poser : posers) {
            for (String code : codes) {
                Emotion emotion = code.equals("NE")
                        ? Emotion.HAPPINESS
                        : Emotion.fromAlias(code).orElseThrow();
                for (int p = 1; p <= posesPerCode; p++) {
                    String name = poser + "." + code + p + "." + serial + ".tiff";
                    Files.write(root.resolve(name), reencode(png(Population.B, emotion, serial), "tiff"));
                    serial++;
                }
            }
        }
        return root;
    }
}
