package io.emotionstream.model.preprocess.face;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.QuadCurve2D;
import java.awt.image.BufferedImage;
import java.util.Random;

/**
 * Synthetic test faces for detection: a shaded frontal face (light skin, dark hair band, eye sockets, brows, nose
 * shadow, mouth) drawn at a known centre, size and in-plane rotation into a larger frame, so a test knows where the
 * face is. Shared with stream-app's tests through the model test-jar. No dataset image is involved.
 */
public final class TestFaces {
    /** Where the eyes are drawn in the 100-wide face space. */
    private static final double EYE_X = 20;

    private static final double EYE_Y = -11.5;

    private TestFaces() {}

    /** Where a face was drawn: {@code size} is the width of the face oval; the oval is 1.25 times as tall. */
    public record Placement(double centerX, double centerY, double size, double degrees) {
        /**
         * The square a frontal-face detector is expected to report, centred on the face. Its side, 1.33 times the
         * oval's width, is what both OpenCV cascades report on average for these faces (Haar 1.36, LBP 1.29 over 160
         * random placements), so a test can demand a close match for each single face.
         */
        public FaceBox expectedBox() {
            int side = (int) Math.round(size * 1.33);
            return new FaceBox(
                    (int) Math.round(centerX - side / 2.0), (int) Math.round(centerY - side / 2.0), side, side);
        }

        /** The centres of the drawn eyes, in frame coordinates (face space (+-20, -11.5), turned and scaled). */
        public EyePair eyes() {
            double[] left = toFrame(-EYE_X, EYE_Y);
            double[] right = toFrame(EYE_X, EYE_Y);
            return new EyePair(left[0], left[1], right[0], right[1]);
        }

        private double[] toFrame(double x, double y) {
            double scale = size / 100.0;
            double cos = Math.cos(Math.toRadians(degrees));
            double sin = Math.sin(Math.toRadians(degrees));
            return new double[] {centerX + scale * (cos * x - sin * y), centerY + scale * (sin * x + cos * y)};
        }
    }

    /** A plain frame of the given background level with mild noise. */
    public static BufferedImage frame(int width, int height, int background, long seed) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        Random random = new Random(seed);
        var raster = image.getRaster();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                raster.setSample(x, y, 0, clamp(background + (int) Math.round(random.nextGaussian() * 4)));
            }
        }
        return image;
    }

    /** Draws one face into {@code frame}. */
    public static void draw(BufferedImage frame, Placement where) {
        Graphics2D g = frame.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        AffineTransform at = new AffineTransform();
        at.translate(where.centerX(), where.centerY());
        at.rotate(Math.toRadians(where.degrees()));
        at.scale(where.size() / 100.0, where.size() / 100.0);
        g.transform(at);
        // in a 100-wide face space centred on the face: hair, oval, features
        g.setColor(gray(45));
        g.fill(new Ellipse2D.Double(-56, -80, 112, 100));
        g.setColor(gray(190));
        g.fill(new Ellipse2D.Double(-50, -62, 100, 125));
        g.setColor(gray(205));
        g.fill(new Ellipse2D.Double(-30, -55, 60, 30)); // lit forehead
        for (int side = -1; side <= 1; side += 2) {
            g.setColor(gray(150));
            g.fill(new Ellipse2D.Double(side * 20 - 14, -20, 28, 18)); // eye socket shadow
            g.setColor(gray(40));
            g.fill(new Ellipse2D.Double(side * EYE_X - 9, EYE_Y - 4.5, 18, 9)); // eye
            g.setStroke(new BasicStroke(5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.setColor(gray(60));
            g.draw(new Line2D.Double(side * 8, -27, side * 33, -29)); // brow
            g.setColor(gray(165));
            g.fill(new Ellipse2D.Double(side * 16 - 10, 8, 20, 14)); // cheek shading
        }
        g.setColor(gray(160));
        g.fill(new Ellipse2D.Double(-7, -8, 14, 30)); // nose shadow
        g.setColor(gray(215));
        g.fill(new Ellipse2D.Double(-4, -10, 8, 26)); // nose bridge highlight
        g.setColor(gray(90));
        g.fill(new Ellipse2D.Double(-9, 18, 7, 5)); // nostrils
        g.fill(new Ellipse2D.Double(2, 18, 7, 5));
        g.setColor(gray(70));
        g.setStroke(new BasicStroke(5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(new QuadCurve2D.Double(-18, 36, 0, 42, 18, 36)); // mouth
        g.dispose();
    }

    /** A frame with one face. */
    public static BufferedImage withFace(int width, int height, Placement where) {
        return withFaces(width, height, Math.round(where.centerX() * 31 + where.centerY()), where);
    }

    /** A frame (background 70, noise from {@code seed}) with the faces drawn in order; none: an empty frame. */
    public static BufferedImage withFaces(int width, int height, long seed, Placement... faces) {
        BufferedImage image = frame(width, height, 70, seed);
        for (Placement face : faces) {
            draw(image, face);
        }
        return image;
    }

    private static Color gray(int level) {
        int v = clamp(level);
        return new Color(v, v, v);
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
