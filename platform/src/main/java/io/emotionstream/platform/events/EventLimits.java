package io.emotionstream.platform.events;

import io.emotionstream.schemas.GroupPseudonyms;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Bounds on what a producer may put around an image, checked before the event goes anywhere: every string here ends
 * up in state stores, metric tags, record keys and output records, so an unbounded one is a way to stop the stream
 * (a 70,000-character source once broke the monitor's store serializer and crash-looped the app).
 *
 * @param maxIdChars          event id and subject id
 * @param maxSourceChars      source (camera id, dataset name)
 * @param maxGroups           group attributes per event
 * @param maxGroupKeyChars    one attribute name
 * @param maxGroupValueChars  one attribute value
 * @param maxFutureSkew       how far ahead of the app's clock an event time may be: camera clocks drift, but an
 *                            event from the future would move stream time and windows on for every other event,
 *                            and the broker refuses timestamps more than an hour ahead
 *                            ({@code log.message.timestamp.after.max.ms}) on the topics the app writes
 * @param maxAge              how far behind the app's clock an event time may be (a replay of old footage needs this
 *                            raised); older events would only fall into windows closed long ago
 * @param purposes            which sources may send at all: a source declared in a prohibited context is refused
 *                            with the bounds, before its image is decoded
 * @param pseudonyms          which group values are replaced by keyed pseudonyms once the event is within bounds,
 *                            before anything downstream (state, metric tags, outputs, the monitor) sees them
 */
public record EventLimits(
        int maxIdChars,
        int maxSourceChars,
        int maxGroups,
        int maxGroupKeyChars,
        int maxGroupValueChars,
        Duration maxFutureSkew,
        Duration maxAge,
        SourcePurposes purposes,
        GroupPseudonyms pseudonyms) {
    public static final EventLimits DEFAULT = new EventLimits(
            256,
            256,
            16,
            64,
            256,
            Duration.ofMinutes(5),
            Duration.ofDays(30),
            SourcePurposes.NONE_DECLARED,
            GroupPseudonyms.NONE);

    public EventLimits {
        if (maxIdChars <= 0
                || maxSourceChars <= 0
                || maxGroups < 0
                || maxGroupKeyChars <= 0
                || maxGroupValueChars <= 0) {
            throw new IllegalArgumentException("event limits must be positive");
        }
        if (maxFutureSkew.isNegative() || maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException(
                    "event time limits: future skew >= 0 and age > 0, got " + maxFutureSkew + " and " + maxAge);
        }
        if (maxFutureSkew.compareTo(Duration.ofHours(1)) >= 0) {
            throw new IllegalArgumentException("event future skew must stay under the broker's default one hour "
                    + "(log.message.timestamp.after.max.ms), got " + maxFutureSkew);
        }
    }

    /** What is too large about an event's metadata, or empty when everything is within bounds. Nulls are allowed. */
    public Optional<String> metadataViolation(
            String eventId, String source, String subjectId, Map<String, String> groups) {
        if (tooLong(eventId, maxIdChars)) {
            return Optional.of("event id of " + eventId.length() + " chars (max " + maxIdChars + ")");
        }
        if (tooLong(source, maxSourceChars)) {
            return Optional.of("source of " + source.length() + " chars (max " + maxSourceChars + ")");
        }
        if (tooLong(subjectId, maxIdChars)) {
            return Optional.of("subject id of " + subjectId.length() + " chars (max " + maxIdChars + ")");
        }
        if (groups == null) {
            return Optional.empty();
        }
        if (groups.size() > maxGroups) {
            return Optional.of(groups.size() + " group attributes (max " + maxGroups + ")");
        }
        for (Map.Entry<String, String> group : groups.entrySet()) {
            if (tooLong(group.getKey(), maxGroupKeyChars)) {
                return Optional.of(
                        "group attribute name of " + group.getKey().length() + " chars (max " + maxGroupKeyChars + ")");
            }
            if (tooLong(group.getValue(), maxGroupValueChars)) {
                return Optional.of("value of group '" + group.getKey() + "' of "
                        + group.getValue().length() + " chars (max " + maxGroupValueChars + ")");
            }
        }
        return Optional.empty();
    }

    /** Why {@code eventTimeMs} is not acceptable at wall-clock {@code nowMs}, or empty when it is. */
    public Optional<String> eventTimeViolation(long eventTimeMs, long nowMs) {
        if (eventTimeMs - nowMs > maxFutureSkew.toMillis()) {
            return Optional.of("event time " + (eventTimeMs - nowMs) + " ms ahead of the app's clock (max "
                    + maxFutureSkew.toMillis() + ")");
        }
        if (nowMs - eventTimeMs > maxAge.toMillis()) {
            return Optional.of("event time " + (nowMs - eventTimeMs) + " ms behind the app's clock (max "
                    + maxAge.toMillis() + ")");
        }
        return Optional.empty();
    }

    private static boolean tooLong(String value, int max) {
        return value != null && value.length() > max;
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** For tests and tools that change one bound. */
    public static final class Builder {
        private int maxIdChars;
        private int maxSourceChars;
        private int maxGroups;
        private int maxGroupKeyChars;
        private int maxGroupValueChars;
        private Duration maxFutureSkew;
        private Duration maxAge;
        private SourcePurposes purposes;
        private GroupPseudonyms pseudonyms;

        private Builder(EventLimits from) {
            maxIdChars = from.maxIdChars;
            maxSourceChars = from.maxSourceChars;
            maxGroups = from.maxGroups;
            maxGroupKeyChars = from.maxGroupKeyChars;
            maxGroupValueChars = from.maxGroupValueChars;
            maxFutureSkew = from.maxFutureSkew;
            maxAge = from.maxAge;
            purposes = from.purposes;
            pseudonyms = from.pseudonyms;
        }

        public Builder maxGroups(int value) {
            maxGroups = value;
            return this;
        }

        public Builder maxFutureSkew(Duration value) {
            maxFutureSkew = value;
            return this;
        }

        public Builder maxAge(Duration value) {
            maxAge = value;
            return this;
        }

        public Builder purposes(SourcePurposes value) {
            purposes = value;
            return this;
        }

        public Builder pseudonyms(GroupPseudonyms value) {
            pseudonyms = value;
            return this;
        }

        public EventLimits build() {
            return new EventLimits(
                    maxIdChars,
                    maxSourceChars,
                    maxGroups,
                    maxGroupKeyChars,
                    maxGroupValueChars,
                    maxFutureSkew,
                    maxAge,
                    purposes,
                    pseudonyms);
        }
    }
}
