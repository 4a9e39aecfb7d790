package io.emotionstream.model.preprocess.face;

/** A face found in an image, in that image's pixel coordinates (may reach past its edges). */
public record FaceBox(int x, int y, int width, int height) {
    public FaceBox {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("a face box needs a positive size, got " + width + "x" + height);
        }
    }

    public long area() {
        return (long) width * height;
    }

    public double centerX() {
        return x + width / 2.0;
    }

    public double centerY() {
        return y + height / 2.0;
    }

    /** Intersection over union: 1 for the same box, 0 for disjoint ones. */
    public double iou(FaceBox other) {
        long ix = Math.max(0, Math.min(x + width, other.x + other.width) - Math.max(x, other.x));
        long iy = Math.max(0, Math.min(y + height, other.y + other.height) - Math.max(y, other.y));
        double intersection = (double) ix * iy;
        return intersection / (area() + other.area() - intersection);
    }
}
