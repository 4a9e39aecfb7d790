package io.emotionstream.model.preprocess;

import io.emotionstream.model.preprocess.face.FaceLocation;
import io.emotionstream.schemas.model.PreprocessingSpec;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Everything that decides a model's input tensor for given image bytes: where the face is looked for and the tensor
 * format. A manifest records it ({@link #spec()}) and whoever feeds the model rebuilds it ({@link #of}); two models
 * with equal {@code Preprocessing} can share each other's tensors.
 *
 * <p>The id names the implementation and its output: the seed's format keeps the id every earlier bundle carries
 * ({@value #SEED_ID}); any other format has an id of its own ({@code gray-resize-v1-64-minus-one-to-one}), so a
 * bundle can never be fed tensors of another size or scale.
 */
public record Preprocessing(FaceLocation faceLocation, TensorFormat format) {
    /** The seed's preprocessing id; bump the version whenever the output for some input changes. */
    public static final String SEED_ID = "gray-resize-v1";

    public static final Preprocessing SEED = new Preprocessing(FaceLocation.NONE, TensorFormat.SEED);
    private static final Pattern OTHER_ID = Pattern.compile(Pattern.quote(SEED_ID) + "-(\\d{2,3})-([a-z0-9-]+)");

    public static Preprocessing seed(FaceLocation faceLocation) {
        return new Preprocessing(faceLocation, TensorFormat.SEED);
    }

    public String id() {
        return format.equals(TensorFormat.SEED)
                ? SEED_ID
                : SEED_ID + "-" + format.size() + "-" + format.scale().code();
    }

    public PreprocessingSpec spec() {
        return PreprocessingSpec.newBuilder()
                .setId(id())
                .setFaceLocation(faceLocation.code())
                .setGrayscale("bt601-luma")
                .setResize(format.resizeCode())
                .setScale(format.scale().code())
                .build();
    }

    /** What a manifest's preprocessing asks for, refusing ids this build does not implement. */
    public static Preprocessing of(PreprocessingSpec spec) {
        return of(spec.getId(), FaceLocation.parse(spec.getFaceLocation()));
    }

    /** The preprocessing an {@link #id()} names, with face location {@code face}. */
    public static Preprocessing of(String id, FaceLocation face) {
        if (SEED_ID.equals(id)) {
            return seed(face);
        }
        Matcher other = OTHER_ID.matcher(id);
        if (other.matches()) {
            try {
                Preprocessing parsed = new Preprocessing(
                        face, new TensorFormat(Integer.parseInt(other.group(1)), PixelScale.parse(other.group(2))));
                if (parsed.id().equals(id)) {
                    return parsed;
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("preprocessing '" + id + "': " + e.getMessage(), e);
            }
        }
        throw new IllegalArgumentException("preprocessing '" + id + "' is not implemented here (this build "
                + "implements " + SEED_ID + " and " + SEED_ID + "-SIZE-SCALE)");
    }

    @Override
    public String toString() {
        return id() + " (face " + faceLocation.code() + ")";
    }
}
