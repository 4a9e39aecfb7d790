package io.emotionstream.model.preprocess;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes any format an installed ImageIO reader understands (PNG, JPEG, TIFF including palette TIFFs, BMP, GIF),
 * reading the declared dimensions first and refusing oversized images before their pixels are decoded.
 */
final class ImageDecoder {
    static {
        // Decode in memory: ImageIO's default disk cache would touch the temp directory for every stream.
        ImageIO.setUseCache(false);
    }

    private final ImageLimits limits;

    ImageDecoder(ImageLimits limits) {
        this.limits = limits;
    }

    BufferedImage decode(byte[] bytes) throws ImageRejectedException {
        if (bytes == null || bytes.length == 0) {
            throw new ImageRejectedException(RejectReason.EMPTY, "no image bytes");
        }
        if (bytes.length > limits.maxBytes()) {
            throw new ImageRejectedException(RejectReason.TOO_MANY_BYTES,
                    bytes.length + " bytes exceed the limit of " + limits.maxBytes());
        }
        try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
            if (!readers.hasNext()) {
                throw new ImageRejectedException(RejectReason.UNRECOGNIZED_FORMAT, "no image reader recognises these bytes");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(input, true, true);
                checkDimensions(reader);
                AtomicReference<String> warning = new AtomicReference<>();
                reader.addIIOReadWarningListener(truncationListener(warning));
                BufferedImage image = reader.read(0);
                if (warning.get() != null) {
                    throw new ImageRejectedException(RejectReason.TRUNCATED, reader.getFormatName() + ": " + warning.get());
                }
                return image;
            } finally {
                reader.dispose();
            }
        } catch (ImageRejectedException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            RejectReason reason = endedEarly(e) ? RejectReason.TRUNCATED : RejectReason.CORRUPT;
            throw new ImageRejectedException(reason, describe(e), e);
        }
    }

    private void checkDimensions(ImageReader reader) throws IOException, ImageRejectedException {
        int width;
        int height;
        try {
            width = reader.getWidth(0);
            height = reader.getHeight(0);
        } catch (IOException e) {
            // Readers refuse zero or negative header sizes while parsing the header ("Image width <= 0!").
            for (Throwable t = e; t != null; t = t.getCause()) {
                String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
                if (message.contains("width") || message.contains("height")) {
                    throw new ImageRejectedException(RejectReason.BAD_DIMENSIONS, t.getMessage(), e);
                }
            }
            throw e;
        }
        if (width <= 0 || height <= 0) {
            throw new ImageRejectedException(RejectReason.BAD_DIMENSIONS, "declared size " + width + "x" + height);
        }
        if (width > limits.maxSide() || height > limits.maxSide()) {
            throw new ImageRejectedException(RejectReason.TOO_MANY_PIXELS,
                    "declared size " + width + "x" + height + " exceeds " + limits.maxSide() + " pixels a side");
        }
        if ((long) width * height > limits.maxPixels()) {
            throw new ImageRejectedException(RejectReason.TOO_MANY_PIXELS,
                    "declared size " + width + "x" + height + " exceeds " + limits.maxPixels() + " pixels");
        }
    }

    /** JPEG readers report a cut-off file as a warning and return grey pixels: treat that as truncation. */
    private static IIOReadWarningListener truncationListener(AtomicReference<String> warning) {
        return (source, message) -> {
            String lower = message.toLowerCase(Locale.ROOT);
            if (lower.contains("premature end") || lower.contains("truncat") || lower.contains("corrupt")) {
                warning.compareAndSet(null, message);
            }
        };
    }

    private static boolean endedEarly(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof EOFException || t instanceof IndexOutOfBoundsException) {
                return true;
            }
            String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (message.contains("end of") || message.contains("eof") || message.contains("truncat")) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
