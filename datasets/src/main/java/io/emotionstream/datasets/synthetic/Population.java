package io.emotionstream.datasets.synthetic;

import java.util.Locale;

/**
 * Two visual "populations" of synthetic faces. They share what an expression looks like (brows, eyes, mouth move
 * the same way) but differ in everything a camera would see around it: face shape, feature spacing, stroke
 * weight and, above all, contrast (light faces on dark backgrounds vs dark faces on light backgrounds). A model
 * trained on one population and tested on the other meets a real domain shift, as CK+ and JAFFE models did.
 */
public enum Population {
    /** Light, round faces on dark backgrounds; thin features. */
    A(205, 45, 55, 0.92, 1.0, 0.0, 2.0f),
    /** Darker, long faces on light backgrounds; wide-set, heavier features, lower mouths. */
    B(105, 215, 25, 0.80, 1.12, 3.0, 2.8f);

    final int skin;
    final int background;
    final int ink;
    final double faceAspect;
    final double eyeSpread;
    final double mouthDrop;
    final float stroke;

    Population(int skin, int background, int ink, double faceAspect, double eyeSpread, double mouthDrop, float stroke) {
        this.skin = skin;
        this.background = background;
        this.ink = ink;
        this.faceAspect = faceAspect;
        this.eyeSpread = eyeSpread;
        this.mouthDrop = mouthDrop;
        this.stroke = stroke;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Population parse(String text) {
        for (Population p : values()) {
            if (p.code().equalsIgnoreCase(text.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown synthetic population '" + text + "' (expected a or b)");
    }
}
