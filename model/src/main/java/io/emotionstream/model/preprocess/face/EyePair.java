package io.emotionstream.model.preprocess.face;

/** The centres of a face's two eyes in image pixel coordinates; "left" is the one nearer the image's left edge. */
public record EyePair(double leftX, double leftY, double rightX, double rightY) {
    public EyePair {
        if (!(rightX > leftX)) {
            throw new IllegalArgumentException(
                    "the right eye must lie right of the left one, got x " + leftX + " and " + rightX);
        }
    }

    public double distance() {
        return Math.hypot(rightX - leftX, rightY - leftY);
    }

    /** The eye line's angle to the horizontal, in radians (positive when the right eye is lower). */
    public double angle() {
        return Math.atan2(rightY - leftY, rightX - leftX);
    }

    public double midX() {
        return (leftX + rightX) / 2;
    }

    public double midY() {
        return (leftY + rightY) / 2;
    }
}
