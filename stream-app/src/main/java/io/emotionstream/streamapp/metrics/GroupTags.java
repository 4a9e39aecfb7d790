package io.emotionstream.streamapp.metrics;

import io.emotionstream.schemas.GroupAttributes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bounded tag values for per-group metrics: only allow-listed attributes, and at most {@code maxGroups} values per
 * attribute in this process (the first ones seen; later ones are tagged {@value #OTHER}), so a flood of new group
 * values cannot blow up Prometheus. Attribute values are read as the monitor reads them ({@link GroupAttributes}).
 */
public final class GroupTags {
    public static final String OTHER = "other";

    private final Set<String> attributes;
    private final int maxGroups;
    private final Map<String, Set<String>> valuesByAttribute = new ConcurrentHashMap<>();

    public GroupTags(Set<String> attributes, int maxGroups) {
        if (maxGroups < 2) {
            throw new IllegalArgumentException("maxGroups must leave room for 'other', got " + maxGroups);
        }
        this.attributes = Set.copyOf(attributes);
        this.maxGroups = maxGroups;
    }

    /**
     * Attribute -> bounded group value, for the allow-listed attributes an event has (sorted by attribute);
     * {@code face}: the face outcome when known.
     */
    public Map<String, String> of(Map<String, String> groups, String source, Optional<String> face) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String attribute : new TreeSet<>(attributes)) {
            GroupAttributes.value(attribute, groups, source, face)
                    .ifPresent(value -> out.put(attribute, bounded(attribute, value)));
        }
        return out;
    }

    /** The value itself while fewer than maxGroups are known for the attribute, else {@value #OTHER}. */
    public String bounded(String attribute, String value) {
        Set<String> known = valuesByAttribute.computeIfAbsent(attribute, a -> ConcurrentHashMap.newKeySet());
        if (known.contains(value)) {
            return value;
        }
        synchronized (known) {
            if (known.size() < maxGroups - 1 && !value.equals(OTHER)) { // one slot stays for "other"
                known.add(value);
                return value;
            }
        }
        return OTHER;
    }
}
