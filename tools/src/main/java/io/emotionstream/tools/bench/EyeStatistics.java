package io.emotionstream.tools.bench;

import io.emotionstream.model.preprocess.GrayImage;
import io.emotionstream.model.preprocess.face.CascadeEyeLocator;
import io.emotionstream.model.preprocess.face.CascadeFaceDetector;
import io.emotionstream.model.preprocess.face.EyePair;
import io.emotionstream.model.preprocess.face.FaceBox;
import io.emotionstream.model.preprocess.face.FaceCrop;
import io.emotionstream.model.preprocess.face.FaceLocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Where the eye locator finds eyes in the face detector's crops, per image folder (run by bench/eye-alignment.sh): how often
 * both eyes are found, the eye line's height, the eye distance and the tilt in crop units (FaceCrop's square: the box
 * scaled about its centre, FaceCrop.square), and the cost per face on one thread. AlignedCrop's framing constants come from here.
 */
public final class EyeStatistics {
    public static void main(String[] args) throws Exception {
        CascadeFaceDetector faces = new CascadeFaceDetector(FaceLocation.DETECT);
        CascadeEyeLocator eyes = new CascadeEyeLocator();
        double[] all = new double[6];
        for (String dir : args) {
            List<Path> files;
            try (Stream<Path> walk = Files.walk(Path.of(dir))) {
                files = walk.filter(Files::isRegularFile).sorted().toList();
            }
            double[] sums = new double[6]; // n, eyeY, eyeY^2, distance, distance^2, |tilt|
            int detected = 0;
            double midOffset = 0;
            long eyeNanos = 0;
            for (Path file : files) {
                GrayImage gray = GrayImage.of(ImageIO.read(file.toFile()));
                List<FaceBox> found = faces.detect(gray);
                if (found.isEmpty()) {
                    continue;
                }
                detected++;
                FaceBox face = found.get(0);
                long start = System.nanoTime();
                Optional<EyePair> pair = eyes.locate(gray, face);
                eyeNanos += System.nanoTime() - start;
                if (pair.isEmpty()) {
                    continue;
                }
                FaceBox crop = FaceCrop.square(face);
                double side = crop.width();
                double top = crop.y();
                double left = crop.x();
                EyePair p = pair.get();
                double y = (p.midY() - top) / side;
                double d = p.distance() / side;
                sums[0]++;
                sums[1] += y;
                sums[2] += y * y;
                sums[3] += d;
                sums[4] += d * d;
                sums[5] += Math.abs(Math.toDegrees(p.angle()));
                midOffset += (p.midX() - left) / side - 0.5;
            }
            print(dir, files.size(), detected, sums, midOffset, eyeNanos);
            for (int i = 0; i < 6; i++) {
                all[i] += sums[i];
            }
        }
        System.out.printf("all: eye line y %.3f, eye distance %.3f (crop sides)%n", all[1] / all[0], all[3] / all[0]);
    }

    private static void print(String dir, int images, int detected, double[] s, double midOffset, long eyeNanos) {
        double n = s[0];
        System.out.printf(
                "%s: %d images, %d faces, eyes in %d (%.1f%%); eye line y %.3f sd %.3f, distance %.3f sd %.3f, "
                        + "|tilt| %.1f deg, mid x offset %+.3f; eye search %.2f ms per face%n",
                dir,
                images,
                detected,
                (int) n,
                100 * n / detected,
                s[1] / n,
                Math.sqrt(s[2] / n - Math.pow(s[1] / n, 2)),
                s[3] / n,
                Math.sqrt(s[4] / n - Math.pow(s[3] / n, 2)),
                s[5] / n,
                midOffset / n,
                eyeNanos / 1e6 / detected);
    }
}
