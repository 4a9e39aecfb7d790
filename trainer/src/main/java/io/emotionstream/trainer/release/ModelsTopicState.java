package io.emotionstream.trainer.release;

import io.emotionstream.model.release.ModelReleases;
import io.emotionstream.model.release.ReleaseSignatures.TrustedKeys;
import io.emotionstream.model.release.ReleaseVerdict;
import io.emotionstream.schemas.ModelsTopic;
import io.emotionstream.schemas.Topics;
import io.emotionstream.schemas.model.ModelAlias;
import io.emotionstream.schemas.model.ModelAliasChange;
import io.emotionstream.schemas.model.ModelRelease;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What the models topic holds right now, as a publisher sees it: per model name, the released versions with their
 * sha256, and the aliases. Read from the beginning to the end offsets at the time of the call (not followed).
 * Only records that verify against the publisher's own keys count: anybody can write junk to the topic, and a
 * forged "release" must not make the real one look taken.
 */
public record ModelsTopicState(Map<String, NavigableMap<Integer, String>> releases,
                               Map<String, Map<ModelAlias, ModelAliasChange>> aliases) {

    public static ModelsTopicState read(Map<String, Object> clientProperties, String topic, TrustedKeys trusted,
                                        Duration timeout) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.putAll(ModelsTopic.consumerSettings());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Map<String, NavigableMap<Integer, String>> releases = new HashMap<>();
        Map<String, Map<ModelAlias, ModelAliasChange>> aliases = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("timed out reading " + topic);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    remember(record.value(), trusted, releases, aliases);
                }
            }
        }
        return new ModelsTopicState(releases, aliases);
    }

    private static void remember(byte[] value, TrustedKeys trusted, Map<String, NavigableMap<Integer, String>> releases,
                                 Map<String, Map<ModelAlias, ModelAliasChange>> aliases) {
        if (value == null) {
            return;
        }
        try {
            ModelRelease release = Topics.releaseSerde().decode(value);
            if (!(ModelReleases.check(release, trusted) instanceof ReleaseVerdict.Accepted)) {
                return;
            }
            releases.computeIfAbsent(release.getName(), n -> new TreeMap<>())
                    .putIfAbsent(release.getVersion(), release.getModelSha256());
            return;
        } catch (SerializationException notARelease) {
            // maybe an alias change
        }
        try {
            ModelAliasChange change = Topics.aliasSerde().decode(value);
            if (trusted.check(change).isPresent()) {
                return;
            }
            aliases.computeIfAbsent(change.getName(), n -> new EnumMap<>(ModelAlias.class)).put(change.getAlias(), change);
        } catch (SerializationException ignored) {
            // not ours: stream apps count it as undecodable; a publisher has nothing to learn from it
        }
    }

    public Optional<String> sha256(String name, int version) {
        return Optional.ofNullable(releases.getOrDefault(name, new TreeMap<>()).get(version));
    }

    public Optional<Integer> latestVersion(String name) {
        NavigableMap<Integer, String> versions = releases.get(name);
        return versions == null || versions.isEmpty() ? Optional.empty() : Optional.of(versions.lastKey());
    }

    public Optional<Integer> alias(String name, ModelAlias alias) {
        return Optional.ofNullable(aliases.getOrDefault(name, Map.of()).get(alias)).map(ModelAliasChange::getVersion);
    }
}
