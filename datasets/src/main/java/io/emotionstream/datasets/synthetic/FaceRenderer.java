package io.emotionstream.datasets.synthetic;

import io.emotionstream.schemas.Emotion;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Arc2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.Random;

/**
 * Draws one parametric face: an ellipse with brows, eyes, nose and mouth whose geometry encodes the expression.
 * Identity (face size, feature offsets, skin tone) comes from {@link Identity}; per-image jitter (position,
 * scale, tilt, lighting, noise) from the random source, so no two images are alike.
 */
final class FaceRenderer {
    static final int SIZE = 96;

    private FaceRenderer() {}

    /** A person: stable across the expressions they pose. */
    record Identity(
            Population population,
            double faceWidth,
            double eyeY,
            double eyeGap,
            double mouthY,
            double browGap,
            int skinShift) {
        static Identity random(Population population, Random random) {
            return new Identity(
                    population,
                    56 + random.nextDouble() * 10,
                    -10 + random.nextDouble() * 4,
                    11 + random.nextDouble() * 3,
                    16 + random.nextDouble() * 4,
                    7 + random.nextDouble() * 2,
                    random.nextInt(31) - 15);
        }
    }

    /** Expression geometry: brow slant (+ = inner ends down, angry), brow lift, eye openness, mouth curve and opening. */
    private record Expression(
            double browSlant,
            double browLift,
            double eyeOpen,
            double mouthCurve,
            double mouthOpen,
            double mouthWidth,
            boolean noseWrinkle) {
        static Expression of(Emotion emotion) {
            return switch (emotion) {
                case ANGER -> new Expression(5.0, -2.5, 0.5, 0.0, 0.0, 0.75, false);
                case DISGUST -> new Expression(2.0, -1.5, 0.7, -3.0, 0.0, 0.85, true);
                case FEAR -> new Expression(-3.5, 3.5, 1.5, -1.0, 3.0, 1.1, false);
                case HAPPINESS -> new Expression(0.0, 0.0, 0.8, 6.0, 0.8, 1.2, false);
                case SADNESS -> new Expression(-4.5, 0.5, 0.8, -5.0, 0.0, 0.9, false);
                case SURPRISE -> new Expression(0.0, 6.0, 1.6, 0.0, 7.0, 0.6, false);
                case NEUTRAL -> new Expression(0.0, 0.0, 1.0, 0.0, 0.0, 0.9, false);
            };
        }
    }

    static BufferedImage render(Identity who, Emotion emotion, Random random) {
        Population pop = who.population();
        Expression ex = Expression.of(emotion);
        BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(gray(pop.background + random.nextInt(21) - 10));
        g.fillRect(0, 0, SIZE, SIZE);

        // per-image pose: shift, scale, tilt
        g.translate(SIZE / 2.0 + random.nextGaussian() * 1.5, SIZE / 2.0 + random.nextGaussian() * 1.5);
        g.rotate(Math.toRadians(random.nextGaussian() * 3));
        // faces fill the frame, as in tight crops like CK+48: features must survive the 48x48 downscale
        double scale = 1.3 * (1 + random.nextGaussian() * 0.05);
        g.scale(scale, scale);

        double w = who.faceWidth();
        double h = w / pop.faceAspect;
        g.setColor(gray(pop.skin + who.skinShift() + random.nextInt(11) - 5));
        g.fill(new Ellipse2D.Double(-w / 2, -h / 2, w, h));

        int ink = pop.ink + random.nextInt(11);
        g.setColor(gray(ink));
        g.setStroke(new BasicStroke(
                pop.stroke + (float) random.nextDouble() * 0.4f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        double eyeX = who.eyeGap() * pop.eyeSpread;
        double eyeY = who.eyeY();
        double jitter = 0.6;
        for (int side = -1; side <= 1; side += 2) {
            // brows: inner end moves down with slant, both ends lift with browLift
            double inner = eyeY - who.browGap() - ex.browLift() + ex.browSlant() + random.nextGaussian() * jitter;
            double outer = eyeY - who.browGap() - ex.browLift() - ex.browSlant() * 0.3 + random.nextGaussian() * jitter;
            g.draw(new Line2D.Double(side * (eyeX - 5), inner, side * (eyeX + 6), outer));
            // eyes: ellipse whose height is the openness
            double eyeH = 4.2 * ex.eyeOpen() * (1 + random.nextGaussian() * 0.08);
            g.fill(new Ellipse2D.Double(side * eyeX - 4, eyeY - eyeH / 2, 8, eyeH));
        }
        // nose
        g.draw(new Line2D.Double(0, eyeY + 3, -1.5, eyeY + 11));
        if (ex.noseWrinkle()) {
            g.draw(new Line2D.Double(-5, eyeY + 6, -2, eyeY + 4));
            g.draw(new Line2D.Double(5, eyeY + 6, 2, eyeY + 4));
        }
        drawMouth(g, who.mouthY() + pop.mouthDrop, ex, random);
        g.dispose();
        addNoise(image, random);
        return image;
    }

    private static void drawMouth(Graphics2D g, double y, Expression ex, Random random) {
        double width = 18 * ex.mouthWidth() * (1 + random.nextGaussian() * 0.05);
        double curve = ex.mouthCurve() * (1 + random.nextGaussian() * 0.15);
        if (ex.mouthOpen() > 1.5) {
            double open = ex.mouthOpen() * (1 + random.nextGaussian() * 0.1);
            g.fill(new Ellipse2D.Double(-width / 2, y - open / 2 + curve * 0.3, width, open + Math.abs(curve) * 0.5));
            return;
        }
        Path2D.Double mouth = new Path2D.Double();
        mouth.moveTo(-width / 2, y - curve / 2);
        mouth.quadTo(0, y + curve * 1.5, width / 2, y - curve / 2 + (ex.noseWrinkle() ? -2 : 0));
        g.draw(mouth);
        if (ex.mouthOpen() > 0) {
            g.draw(new Arc2D.Double(-width / 3, y - 1, 2 * width / 3, 2 + ex.mouthOpen(), 180, 180, Arc2D.OPEN));
        }
    }

    private static void addNoise(BufferedImage image, Random random) {
        var raster = image.getRaster();
        double gain = 0.93 + random.nextDouble() * 0.14;
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                double v = raster.getSample(x, y, 0) * gain + random.nextGaussian() * 6;
                raster.setSample(x, y, 0, (int) Math.max(0, Math.min(255, Math.round(v))));
            }
        }
    }

    private static Color gray(int level) {
        int v = Math.max(0, Math.min(255, level));
        return new Color(v, v, v);
    }
}
