package io.emotionstream.tools.benchstream;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * The images the stream benchmark sends. By default 64 synthetic 48x48 PNGs (CK+48-sized: the cost of the seed's
 * path). With {@code BENCH_IMAGES=DIR} the image files of a folder (e.g. JAFFE's 256x256 faces), and
 * with {@code BENCH_FRAME=WxH} each of those pasted at a random place into a WxH camera-like frame
 * (face 30-60% of the frame height) and sent as JPEG: the input face location is for.
 */
public final class BenchImages {
    private static final int MAX_FILES = 256;

    private BenchImages() {}

    public static List<byte[]> fromEnvironment(Map<String, String> env) throws IOException {
        String dir = env.getOrDefault("BENCH_IMAGES", "");
        if (dir.isBlank()) {
            return synthetic();
        }
        List<byte[]> files = files(Path.of(dir));
        String frame = env.getOrDefault("BENCH_FRAME", "");
        if (frame.isBlank()) {
            return files;
        }
        String[] size = frame.toLowerCase(Locale.ROOT).split("x");
        return frames(files, Integer.parseInt(size[0]), Integer.parseInt(size[1]));
    }

    /** A one-line description for the report. */
    static String describe(Map<String, String> env) {
        String dir = env.getOrDefault("BENCH_IMAGES", "");
        String frame = env.getOrDefault("BENCH_FRAME", "");
        return dir.isBlank()
                ? "synthetic 48x48 png"
                : frame.isBlank() ? "files of " + dir : dir + " in " + frame + " jpeg frames";
    }

    private static List<byte[]> files(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> images = walk.filter(Files::isRegularFile)
                    .filter(p -> p.toString().matches("(?i).*\\.(png|jpe?g|tiff?|bmp|gif)$"))
                    .sorted()
                    .limit(MAX_FILES)
                    .toList();
            if (images.isEmpty()) {
                throw new IllegalArgumentException("no image files under " + dir);
            }
            List<byte[]> out = new ArrayList<>();
            for (Path p : images) {
                out.add(Files.readAllBytes(p));
            }
            return out;
        }
    }

    private static List<byte[]> frames(List<byte[]> faces, int width, int height) throws IOException {
        Random random = new Random(7);
        List<byte[]> out = new ArrayList<>();
        for (byte[] bytes : faces) {
            BufferedImage face = ImageIO.read(new ByteArrayInputStream(bytes));
            BufferedImage frame = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = frame.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setColor(new Color(90 + random.nextInt(60), 90 + random.nextInt(60), 90 + random.nextInt(60)));
            g.fillRect(0, 0, width, height);
            int side = (int) (height * (0.3 + random.nextDouble() * 0.3));
            g.drawImage(face, random.nextInt(width - side), random.nextInt(height - side), side, side, null);
            g.dispose();
            out.add(encode(frame, "jpeg"));
        }
        return out;
    }

    private static List<byte[]> synthetic() {
        List<byte[]> out = new ArrayList<>();
        for (int s = 0; s < 64; s++) {
            BufferedImage image = new BufferedImage(48, 48, BufferedImage.TYPE_BYTE_GRAY);
            for (int y = 0; y < 48; y++) {
                for (int x = 0; x < 48; x++) {
                    image.getRaster().setSample(x, y, 0, (x * 7 + y * 3 + s * 11 + (x * y) % 13) % 256);
                }
            }
            out.add(encode(image, "png"));
        }
        return out;
    }

    private static byte[] encode(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ImageIO.write(image, format, bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
