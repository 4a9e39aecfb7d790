package io.emotionstream.retrainer;

import io.emotionstream.datasets.Sample;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The retrainer's training set: labelled events kept per value of one group attribute (e.g. dataset or
 * ethnicity), at most {@code maxPerGroup} each, the oldest evicted first, and each event id once. Bounding per group
 * keeps one busy population from crowding out the others, which is the point of retraining for fairness.
 */
public final class LabelledSet {
    static final String MISSING = "unknown";

    private final String groupAttribute;
    private final int maxPerGroup;
    private final Map<String, LinkedHashMap<String, Sample>> byGroup = new TreeMap<>();

    public LabelledSet(String groupAttribute, int maxPerGroup) {
        if (maxPerGroup <= 0) {
            throw new IllegalArgumentException("max per group must be positive, got " + maxPerGroup);
        }
        this.groupAttribute = groupAttribute;
        this.maxPerGroup = maxPerGroup;
    }

    /** Adds a sample; false when its event id is already held (a redelivered or duplicated event). */
    public boolean add(Sample sample) {
        String group = sample.groups().getOrDefault(groupAttribute, MISSING);
        for (LinkedHashMap<String, Sample> held : byGroup.values()) {
            if (held.containsKey(sample.id())) {
                return false;
            }
        }
        LinkedHashMap<String, Sample> held = byGroup.computeIfAbsent(group, g -> new LinkedHashMap<>());
        held.put(sample.id(), sample);
        if (held.size() > maxPerGroup) {
            Iterator<String> oldest = held.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        return true;
    }

    public List<Sample> samples() {
        List<Sample> out = new ArrayList<>();
        byGroup.values().forEach(held -> out.addAll(held.values()));
        return out;
    }

    public Map<String, Integer> sizeByGroup() {
        Map<String, Integer> out = new TreeMap<>();
        byGroup.forEach((group, held) -> out.put(group, held.size()));
        return out;
    }

    public int size() {
        return byGroup.values().stream().mapToInt(Map::size).sum();
    }

    public int maxPerGroup() {
        return maxPerGroup;
    }

    public String groupAttribute() {
        return groupAttribute;
    }
}
