package io.emotionstream.streamapp.privacy;

import io.emotionstream.platform.kafka.TopicReader;
import io.emotionstream.schemas.DeadLetterHeaders;
import io.emotionstream.schemas.RawImageHeaders;
import io.emotionstream.schemas.Topics;
import io.emotionstream.schemas.events.FaceImageEvent;
import io.emotionstream.schemas.registry.AvroCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Finds a person's records on the app's topics. The images topic names the person (the event's subject id, or the
 * {@code subject-id} header of a raw image) and gives their event ids; every other topic is searched for those event
 * ids (the key of labels, predictions and the monitor's feed), and dead letters also for where they came from (an
 * image of the person) or the header they kept ({@code dead.letter.values=keep}). Once the images are past their
 * retention, the event ids that remain elsewhere no longer lead back to anyone here.
 */
final class SubjectSearch {
    private final Map<String, Object> clientSettings;
    private final Topics topics;
    private final AvroCodec<FaceImageEvent> images;
    private final Duration timeout;

    SubjectSearch(
            Map<String, Object> clientSettings, Topics topics, AvroCodec<FaceImageEvent> images, Duration timeout) {
        this.clientSettings = clientSettings;
        this.topics = topics;
        this.images = images;
        this.timeout = timeout;
    }

    /** The topics besides images and dead letters that are keyed by event id. */
    List<String> keyedByEvent() {
        return List.of(topics.labels(), topics.predictions(), topics.shadowPredictions(), topics.monitorFeed());
    }

    SubjectTrail find(String subject) {
        return find(subject, Set.of());
    }

    /** As {@link #find(String)}, also for {@code knownEventIds}: after the images are gone, what is left of them. */
    SubjectTrail find(String subject, Set<String> knownEventIds) {
        SubjectTrail trail = new SubjectTrail();
        knownEventIds.forEach(trail::event);
        Set<Long> imageOffsets = new HashSet<>(); // partition << 40 | offset: where the person's images are
        TopicReader.readToEnd(clientSettings, topics.images(), timeout, r -> {
            EventOf event = eventOf(r);
            if (subject.equals(event.subject())) {
                trail.event(event.id());
                trail.record(partition(r), r.offset());
                imageOffsets.add(position(r.partition(), r.offset()));
            }
        });
        for (String topic : keyedByEvent()) {
            TopicReader.readToEnd(clientSettings, topic, timeout, r -> {
                if (r.key() != null && trail.eventIds().contains(utf8(r.key()))) {
                    trail.record(partition(r), r.offset());
                }
            });
        }
        TopicReader.readToEnd(clientSettings, topics.deadLetters(), timeout, r -> {
            if (ofSubject(r, subject, trail.eventIds(), imageOffsets)) {
                trail.record(partition(r), r.offset());
            }
        });
        return trail;
    }

    private boolean ofSubject(
            ConsumerRecord<byte[], byte[]> r, String subject, Set<String> eventIds, Set<Long> imageOffsets) {
        Headers headers = r.headers();
        if (subject.equals(header(headers, RawImageHeaders.SUBJECT_ID))) {
            return true;
        }
        if (r.key() != null && eventIds.contains(utf8(r.key()))) {
            return true;
        }
        String origin = header(headers, DeadLetterHeaders.TOPIC);
        String partition = header(headers, DeadLetterHeaders.PARTITION);
        String offset = header(headers, DeadLetterHeaders.OFFSET);
        if (!topics.images().equals(origin) || partition == null || offset == null) {
            return false;
        }
        try {
            return imageOffsets.contains(position(Integer.parseInt(partition), Long.parseLong(offset)));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The event id and subject of an images-topic record, as the app reads them; nulls where it has none. */
    private EventOf eventOf(ConsumerRecord<byte[], byte[]> r) {
        if (r.value() != null && images.claims(r.value())) {
            try {
                FaceImageEvent event = images.decode(r.value());
                return new EventOf(event.getEventId(), event.getSubjectId());
            } catch (RuntimeException e) {
                return new EventOf(null, null); // a dead letter of the app's: found through its origin
            }
        }
        String id = header(r.headers(), RawImageHeaders.EVENT_ID);
        return new EventOf(
                Objects.requireNonNullElse(id, r.topic() + "-" + r.partition() + "-" + r.offset()),
                header(r.headers(), RawImageHeaders.SUBJECT_ID));
    }

    private record EventOf(String id, String subject) {}

    private static long position(int partition, long offset) {
        return ((long) partition << 40) | offset;
    }

    private static TopicPartition partition(ConsumerRecord<?, ?> r) {
        return new TopicPartition(r.topic(), r.partition());
    }

    private static String header(Headers headers, String key) {
        Header h = headers.lastHeader(key);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
