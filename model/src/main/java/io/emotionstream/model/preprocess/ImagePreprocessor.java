package io.emotionstream.model.preprocess;

import io.emotionstream.model.preprocess.face.AlignedCrop;
import io.emotionstream.model.preprocess.face.CascadeEyeLocator;
import io.emotionstream.model.preprocess.face.CascadeFaceDetector;
import io.emotionstream.model.preprocess.face.EyeLocator;
import io.emotionstream.model.preprocess.face.FaceBox;
import io.emotionstream.model.preprocess.face.FaceCrop;
import io.emotionstream.model.preprocess.face.FaceDetector;
import io.emotionstream.model.preprocess.face.FaceLocation;
import io.emotionstream.model.preprocess.face.FaceOutcome;
import io.emotionstream.model.preprocess.face.NoFacePolicy;
import io.emotionstream.schemas.model.PreprocessingSpec;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * The one path from image bytes to the network's input: decode (any ImageIO format) -> grayscale (BT.601 luma)
 * -> [face location: largest face, cropped as the training crops are framed] -> 48x48 (antialiased bilinear)
 * -> floats in [0, 1], row-major. Trainer and stream-app both call this class, so a model never sees pixels
 * prepared differently from the ones it was trained on; the face-location mode travels in the model's manifest
 * ({@link #spec(FaceLocation)}, {@link #faceLocationOf}).
 */
public final class ImagePreprocessor {
    public static final int SIZE = 48;
    /** Names this implementation in model manifests; bump it whenever the output for some input changes. */
    public static final String ID = "gray-resize-v1";

    private final ImageDecoder decoder;
    private final FaceLocation faceLocation;
    private final FaceDetector detector;
    private final EyeLocator eyes;
    private final NoFacePolicy noFace;

    public ImagePreprocessor(ImageLimits limits) {
        this(limits, FaceLocation.NONE, null, null, NoFacePolicy.REJECT);
    }

    /** With face location {@code mode}; for {@link FaceLocation#NONE} no detector is loaded. */
    public ImagePreprocessor(ImageLimits limits, FaceLocation mode, NoFacePolicy noFace) {
        this(limits, mode, mode == FaceLocation.NONE ? null : new CascadeFaceDetector(mode),
                mode.alignsEyes() ? new CascadeEyeLocator() : null, noFace);
    }

    /** With any detector (and eye locator, for a mode that aligns): tests pass fakes here. */
    public ImagePreprocessor(ImageLimits limits, FaceLocation mode, FaceDetector detector, EyeLocator eyes,
                             NoFacePolicy noFace) {
        if (mode != FaceLocation.NONE && detector == null) {
            throw new IllegalArgumentException("face location '" + mode.code() + "' needs a detector");
        }
        if (mode.alignsEyes() && eyes == null) {
            throw new IllegalArgumentException("face location '" + mode.code() + "' needs an eye locator");
        }
        this.decoder = new ImageDecoder(limits);
        this.faceLocation = mode;
        this.detector = detector;
        this.eyes = eyes;
        this.noFace = noFace;
    }

    public static ImagePreprocessor withDefaultLimits() {
        return new ImagePreprocessor(ImageLimits.DEFAULT);
    }

    public static ImagePreprocessor withDefaultLimits(FaceLocation mode) {
        return new ImagePreprocessor(ImageLimits.DEFAULT, mode, NoFacePolicy.REJECT);
    }

    /** The face-location mode of a manifest's preprocessing, refusing preprocessing this build does not implement. */
    public static FaceLocation faceLocationOf(PreprocessingSpec spec) {
        if (!ID.equals(spec.getId())) {
            throw new IllegalArgumentException("preprocessing '" + spec.getId() + "' is not implemented here (this "
                    + "build implements " + ID + ")");
        }
        return FaceLocation.parse(spec.getFaceLocation());
    }

    public FaceLocation faceLocation() {
        return faceLocation;
    }

    /** Bytes of any supported format to a 48*48 tensor; expected bad input is a checked, reasoned rejection. */
    public float[] preprocess(byte[] imageBytes) throws ImageRejectedException {
        return prepare(imageBytes).tensor();
    }

    /** Like {@link #preprocess} and also says how the face was located. */
    public Preprocessed prepare(byte[] imageBytes) throws ImageRejectedException {
        GrayImage gray = GrayImage.of(decoder.decode(imageBytes));
        if (faceLocation == FaceLocation.NONE) {
            return new Preprocessed(toTensor(gray), FaceOutcome.NOT_USED);
        }
        List<FaceBox> faces = detector.detect(gray);
        if (faces.isEmpty()) {
            if (noFace == NoFacePolicy.WHOLE_IMAGE) {
                return new Preprocessed(toTensor(gray), FaceOutcome.WHOLE_IMAGE_FALLBACK);
            }
            throw new ImageRejectedException(RejectReason.NO_FACE,
                    "no face found in the " + gray.width() + "x" + gray.height() + " image");
        }
        return new Preprocessed(toTensor(crop(gray, faces.get(0))), FaceOutcome.detected(faces.size()));
    }

    private GrayImage crop(GrayImage gray, FaceBox face) {
        if (eyes == null) {
            return FaceCrop.around(gray, face);
        }
        return eyes.locate(gray, face).map(pair -> AlignedCrop.around(gray, pair)).orElseGet(() -> FaceCrop.around(gray, face));
    }

    /** An already decoded image to a 48*48 tensor in [0, 1], without face location. */
    public float[] toTensor(BufferedImage image) {
        return toTensor(GrayImage.of(image));
    }

    private static float[] toTensor(GrayImage gray) {
        float[] small = TriangleResampler.resize(gray.pixels(), gray.width(), gray.height(), SIZE, SIZE);
        for (int i = 0; i < small.length; i++) {
            small[i] = Math.min(1f, Math.max(0f, small[i] / 255f));
        }
        return small;
    }

    /** What the seed's preprocessing (no face location) is, for manifests. */
    public static PreprocessingSpec spec() {
        return spec(FaceLocation.NONE);
    }

    /** What this preprocessing is with face location {@code mode}, for the manifest of every model trained with it. */
    public static PreprocessingSpec spec(FaceLocation mode) {
        return PreprocessingSpec.newBuilder()
                .setId(ID)
                .setFaceLocation(mode.code())
                .setGrayscale("bt601-luma")
                .setResize("bilinear-antialiased-" + SIZE + "x" + SIZE)
                .setScale("divide-255")
                .build();
    }
}
