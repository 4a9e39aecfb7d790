package io.emotionstream.trainer.imported;

/**
 * Bounds on what an import reads, so that a hostile file costs at most this much: its size, the layers its
 * configuration may list, and the weight values its datasets may declare (each within the file's own size too).
 */
public record ImportLimits(long maxFileBytes, int maxLayers, long maxWeightValues) {
    /** 256 MiB, 2,000 layers, 64 M values (256 MB of floats): far above expression networks (mini-Xception: 873 KB). */
    public static final ImportLimits DEFAULT = new ImportLimits(256L << 20, 2_000, 64L << 20);

    public ImportLimits {
        if (maxFileBytes <= 0 || maxLayers <= 0 || maxWeightValues <= 0) {
            throw new IllegalArgumentException("import limits must be positive");
        }
    }
}
