package io.emotionstream.streamapp.metrics;

import io.emotionstream.model.preprocess.RejectReason;
import io.emotionstream.model.preprocess.face.FaceOutcome;
import io.emotionstream.model.release.RefusalReason;
import io.emotionstream.schemas.DeadLetterCause;
import io.emotionstream.schemas.DeadLetterReason;
import io.emotionstream.schemas.events.FaceImageEvent;
import io.emotionstream.schemas.events.ModelRole;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The app's own meters, on an injected registry. Tag values are bounded: emotions (6), roles (2), model versions
 * (few), reject and refusal reasons (fixed enums), group attributes and values ({@link GroupTags}).
 */
public final class StreamMetrics {
    private final MeterRegistry registry;
    private final Map<ModelRole, DistributionSummary> batchSize = new EnumMap<>(ModelRole.class);
    private final Map<ModelRole, Timer> inference = new EnumMap<>(ModelRole.class);
    private final Map<ModelRole, AtomicInteger> servedVersion = new EnumMap<>(ModelRole.class);
    private final Timer endToEnd;
    private final Counter withoutNotice;
    private final Timer preprocessing;
    private final GroupTags groupTags;

    public StreamMetrics(MeterRegistry registry, GroupTags groupTags) {
        this.registry = registry;
        this.groupTags = groupTags;
        this.preprocessing = Timer.builder("emotion_preprocess_latency")
                .description("Decode, face location and resize of one input record (rejected ones included)")
                .publishPercentileHistogram()
                .register(registry);
        for (ModelRole role : ModelRole.values()) {
            String tag = tag(role);
            batchSize.put(
                    role,
                    DistributionSummary.builder("emotion_inference_batch_size")
                            .description("Events per forward pass")
                            .baseUnit("events")
                            .tag("role", tag)
                            .register(registry));
            inference.put(
                    role,
                    Timer.builder("emotion_inference_latency")
                            .description("Time of one batched forward pass")
                            .tag("role", tag)
                            .publishPercentileHistogram()
                            .register(registry));
            AtomicInteger version = new AtomicInteger();
            servedVersion.put(role, version);
            Gauge.builder("emotion_model_version", version, AtomicInteger::get)
                    .description("Version of the model serving in this role (0: none)")
                    .tag("role", tag)
                    .register(registry);
        }
        // Every bounded tag value starts at 0, so dashboards and alert rules see a series before the first event.
        for (RejectReason reason : RejectReason.values()) {
            deadLetterCounter(reason.code());
        }
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            deadLetterCounter(reason.code());
        }
        for (String outcome : List.of("one_face", "several_faces", "whole_image_fallback")) {
            faceCounter(outcome);
        }
        for (RefusalReason reason : RefusalReason.values()) {
            refusedCounter(reason.code());
        }
        this.withoutNotice = Counter.builder("emotion_events_without_notice")
                .description("Events served from a source with no declared notice to the people it films (Art. 50(3))")
                .register(registry);
        this.endToEnd = Timer.builder("emotion_event_latency")
                .description("From event time to prediction emitted")
                .publishPercentileHistogram()
                .register(registry);
    }

    public void prediction(ModelRole role, String emotion, String modelName, int modelVersion) {
        Counter.builder("emotion_predictions")
                .description("Predictions emitted (role challenger: shadow topic only)")
                .tag("role", tag(role))
                .tag("emotion", emotion)
                .tag("model", modelName)
                .tag("model_version", Integer.toString(modelVersion))
                .register(registry)
                .increment();
    }

    /** An event served from a source whose operator has declared no notice ({@code source.notices}). */
    public void servedWithoutNotice() {
        withoutNotice.increment();
    }

    public void preprocessed(long nanos) {
        preprocessing.record(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * How the face was located for an accepted image (detected alone, among several, or a whole-image fallback), also
     * per group of the event; nothing for models that do not locate faces.
     */
    public void faceLocated(FaceImageEvent event, FaceOutcome face) {
        switch (face.kind()) {
            case NOT_USED -> {
                return;
            }
            case DETECTED ->
                faceCounter(face.facesFound() > 1 ? "several_faces" : "one_face")
                        .increment();
            case WHOLE_IMAGE_FALLBACK -> faceCounter("whole_image_fallback").increment();
        }
        faceSearched(event, face.kind() == FaceOutcome.Kind.DETECTED);
    }

    /** An image refused because no face was found in it (dead letter {@code no_face}), per group of the event. */
    public void faceNotFound(FaceImageEvent event) {
        faceSearched(event, false);
    }

    private Counter faceCounter(String outcome) {
        return Counter.builder("emotion_faces_located")
                .description("Images preprocessed with face location, by outcome "
                        + "(no face without fallback: emotion_dead_letters_total{reason=\"no_face\"})")
                .tag("outcome", outcome)
                .register(registry);
    }

    /**
     * An image searched for a face by a face-locating model, per group: a detector that misses one group's faces
     * more often silently removes that group from the predictions, which accuracy per group cannot show.
     */
    private void faceSearched(FaceImageEvent event, boolean found) {
        // the face outcome is what is being counted here, not a group to count it by
        groupTags
                .of(event.getGroups(), event.getSource(), Optional.empty())
                .forEach((attribute, group) -> Counter.builder("emotion_face_search")
                        .description("Images searched for a face, per group, by result")
                        .tag("attribute", attribute)
                        .tag("group", group)
                        .tag("result", found ? "found" : "not_found")
                        .register(registry)
                        .increment());
    }

    /** A challenger could not score an event (e.g. it locates faces and found none): no shadow prediction for it. */
    public void shadowSkipped(String reason) {
        Counter.builder("emotion_shadow_skipped")
                .description("Events the challenger could not score, by reason")
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    public void deadLetter(DeadLetterCause reason) {
        deadLetterCounter(reason.code()).increment();
    }

    private Counter deadLetterCounter(String reason) {
        return deadLetters(registry, reason);
    }

    /** The one {@code emotion_dead_letters_total{reason}} counter, for every room that dead-letters records. */
    public static Counter deadLetters(MeterRegistry registry, String reason) {
        return Counter.builder("emotion_dead_letters")
                .description("Input records sent to the dead-letter topic")
                .tag("reason", reason)
                .register(registry);
    }

    private Counter refusedCounter(String reason) {
        return Counter.builder("emotion_model_releases_refused")
                .description("Records on the models topic not used, by reason")
                .tag("reason", reason)
                .register(registry);
    }

    public void batch(ModelRole role, int size, long nanos) {
        batchSize.get(role).record(size);
        inference.get(role).record(Duration.ofNanos(nanos));
    }

    /** A model was installed in (version > 0) or removed from (0) a role. */
    public void modelSwapped(ModelRole role, int version) {
        servedVersion.get(role).set(version);
        Counter.builder("emotion_model_swaps")
                .description("Models installed or removed without restart")
                .tag("role", tag(role))
                .register(registry)
                .increment();
    }

    public void releaseRefused(String reason) {
        refusedCounter(reason).increment();
    }

    public void releaseAccepted() {
        Counter.builder("emotion_model_releases_accepted")
                .description("Verified releases and alias changes applied")
                .register(registry)
                .increment();
    }

    private static String tag(ModelRole role) {
        return role.name().toLowerCase(Locale.ROOT);
    }

    /** Predictions emitted so far, all roles and models (the status line's count). */
    public double predictionsTotal() {
        return registry.find("emotion_predictions").counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    /** Records sent to the dead-letter topic so far, every reason. */
    public double deadLettersTotal() {
        return registry.find("emotion_dead_letters").counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    public void eventLatency(long millis) {
        endToEnd.record(Duration.ofMillis(Math.max(0, millis)));
    }
}
