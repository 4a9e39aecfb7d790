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
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * The one path from image bytes to the network's input: decode (any ImageIO format) -> grayscale (BT.601 luma)
 * -> [face location: largest face, cropped as the training crops are framed] -> the format's side (antialiased
 * bilinear; 48x48 for the seed) -> floats scaled as the format says, row-major. Trainer and stream-app both call
 * this class, so a model never sees pixels prepared differently from the ones it was trained on; the
 * {@link Preprocessing} travels in the model's manifest.
 */
public final class ImagePreprocessor {
    /** The seed CNN's side, which training's augmentation works at. */
    public static final int SIZE = TensorFormat.SEED.size();

    private final ImageDecoder decoder;
    private final Preprocessing preprocessing;
    private final FaceDetector detector;
    private final EyeLocator eyes;
    private final NoFacePolicy noFace;

    public ImagePreprocessor(ImageLimits limits) {
        this(limits, FaceLocation.NONE, null, null, NoFacePolicy.REJECT);
    }

    /** The seed's tensor format with face location {@code mode}; for {@link FaceLocation#NONE} no detector is loaded. */
    public ImagePreprocessor(ImageLimits limits, FaceLocation mode, NoFacePolicy noFace) {
        this(limits, Preprocessing.seed(mode), noFace);
    }

    /** Any preprocessing a manifest can name. */
    public ImagePreprocessor(ImageLimits limits, Preprocessing preprocessing, NoFacePolicy noFace) {
        this(
                limits,
                preprocessing,
                detectorFor(preprocessing.faceLocation()),
                preprocessing.faceLocation().alignsEyes() ? new CascadeEyeLocator() : null,
                noFace);
    }

    /** With any detector (and eye locator, for a mode that aligns): tests pass fakes here. */
    public ImagePreprocessor(
            ImageLimits limits, FaceLocation mode, FaceDetector detector, EyeLocator eyes, NoFacePolicy noFace) {
        this(limits, Preprocessing.seed(mode), detector, eyes, noFace);
    }

    private ImagePreprocessor(
            ImageLimits limits,
            Preprocessing preprocessing,
            FaceDetector detector,
            EyeLocator eyes,
            NoFacePolicy noFace) {
        FaceLocation mode = preprocessing.faceLocation();
        if (mode != FaceLocation.NONE && detector == null) {
            throw new IllegalArgumentException("face location '" + mode.code() + "' needs a detector");
        }
        if (mode.alignsEyes() && eyes == null) {
            throw new IllegalArgumentException("face location '" + mode.code() + "' needs an eye locator");
        }
        this.decoder = new ImageDecoder(limits);
        this.preprocessing = preprocessing;
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

    public static ImagePreprocessor withDefaultLimits(Preprocessing preprocessing) {
        return new ImagePreprocessor(ImageLimits.DEFAULT, preprocessing, NoFacePolicy.REJECT);
    }

    private static FaceDetector detectorFor(FaceLocation mode) {
        return mode == FaceLocation.NONE ? null : new CascadeFaceDetector(mode);
    }

    public Preprocessing preprocessing() {
        return preprocessing;
    }

    public FaceLocation faceLocation() {
        return preprocessing.faceLocation();
    }

    /** Bytes of any supported format to a tensor of the format's size; expected bad input is a checked, reasoned rejection. */
    public float[] preprocess(byte[] imageBytes) throws ImageRejectedException {
        return prepare(imageBytes).tensor();
    }

    /** Like {@link #preprocess} and also says how the face was located. */
    public Preprocessed prepare(byte[] imageBytes) throws ImageRejectedException {
        GrayImage gray = GrayImage.of(decoder.decode(imageBytes));
        if (preprocessing.faceLocation() == FaceLocation.NONE) {
            return new Preprocessed(toTensor(gray), FaceOutcome.NOT_USED);
        }
        List<FaceBox> faces = detector.detect(gray);
        if (faces.isEmpty()) {
            if (noFace == NoFacePolicy.WHOLE_IMAGE) {
                return new Preprocessed(toTensor(gray), FaceOutcome.WHOLE_IMAGE_FALLBACK);
            }
            throw new ImageRejectedException(
                    RejectReason.NO_FACE, "no face found in the " + gray.width() + "x" + gray.height() + " image");
        }
        return new Preprocessed(toTensor(crop(gray, faces.get(0))), FaceOutcome.detected(faces.size()));
    }

    private GrayImage crop(GrayImage gray, FaceBox face) {
        if (eyes == null) {
            return FaceCrop.around(gray, face);
        }
        return eyes.locate(gray, face)
                .map(pair -> AlignedCrop.around(gray, pair))
                .orElseGet(() -> FaceCrop.around(gray, face));
    }

    /** An already decoded image to a tensor of this preprocessing's format, without face location. */
    public float[] toTensor(BufferedImage image) {
        return toTensor(GrayImage.of(image));
    }

    private float[] toTensor(GrayImage gray) {
        TensorFormat format = preprocessing.format();
        float[] small =
                TriangleResampler.resize(gray.pixels(), gray.width(), gray.height(), format.size(), format.size());
        PixelScale scale = format.scale();
        for (int i = 0; i < small.length; i++) {
            small[i] = scale.apply(small[i]);
        }
        return small;
    }
}
