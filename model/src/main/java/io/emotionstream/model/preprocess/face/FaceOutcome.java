package io.emotionstream.model.preprocess.face;

/** What face location did for one image. */
public record FaceOutcome(Kind kind, int facesFound) {
    public static final FaceOutcome NOT_USED = new FaceOutcome(Kind.NOT_USED, 0);
    public static final FaceOutcome WHOLE_IMAGE_FALLBACK = new FaceOutcome(Kind.WHOLE_IMAGE_FALLBACK, 0);

    public enum Kind {
        /** Mode {@code none}: the whole image was resized, as the model was trained. */
        NOT_USED,
        /** The largest of {@code facesFound} faces was cropped. */
        DETECTED,
        /** No face was found and the policy allowed the whole image instead: the model sees unusual framing. */
        WHOLE_IMAGE_FALLBACK
    }

    public static FaceOutcome detected(int facesFound) {
        return new FaceOutcome(Kind.DETECTED, facesFound);
    }
}
