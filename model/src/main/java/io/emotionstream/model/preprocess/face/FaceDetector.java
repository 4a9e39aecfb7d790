package io.emotionstream.model.preprocess.face;

import io.emotionstream.model.preprocess.GrayImage;
import java.util.List;

/** Finds faces in a grayscale image. Implementations must be safe to call from several threads. */
public interface FaceDetector {
    /** Every face found, largest first; empty when there is none. */
    List<FaceBox> detect(GrayImage image);
}
