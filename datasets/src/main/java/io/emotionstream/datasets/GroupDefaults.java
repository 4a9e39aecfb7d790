package io.emotionstream.datasets;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The group attributes every image of a known dataset carries unless the user overrides them
 * ({@code --group key=value}). Declared here, in one place, so reports and dashboards use the same words.
 *
 * <p>These describe the datasets' published populations, not individuals: JAFFE shows 10 Japanese women; CK+ is
 * mostly Euro-American adults (the seed notebook's "Asian" and "Caucasian" groups). Synthetic populations are
 * visual styles, not ethnicities.
 */
public final class GroupDefaults {
    /** The attribute naming the dataset an image came from; every image has it. */
    public static final String DATASET = "dataset";

    public static final Map<String, String> JAFFE =
            Map.of("dataset", "jaffe", "ethnicity", "east_asian", "gender", "female");
    public static final Map<String, String> CKPLUS = Map.of("dataset", "ckplus", "ethnicity", "mostly_euro_american");
    /** FER2013's web faces: no demographic labels were published with them. */
    public static final Map<String, String> FERPLUS = Map.of("dataset", "ferplus");

    private GroupDefaults() {}

    public static Map<String, String> synthetic(String population) {
        return Map.of("dataset", "synthetic", "population", population);
    }

    public static Map<String, String> generic(String datasetName) {
        return Map.of("dataset", datasetName);
    }

    /** Defaults first, overrides win. */
    public static Map<String, String> merge(Map<String, String> defaults, Map<String, String> overrides) {
        Map<String, String> merged = new LinkedHashMap<>(defaults);
        merged.putAll(overrides);
        return merged;
    }
}
