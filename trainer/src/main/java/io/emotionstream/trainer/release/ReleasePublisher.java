package io.emotionstream.trainer.release;

import io.emotionstream.model.bundle.ModelBundle;
import io.emotionstream.model.release.ModelReleases;
import io.emotionstream.model.release.ReleaseSignatures;
import io.emotionstream.model.release.SigningKeys;
import io.emotionstream.platform.kafka.TopicCreation;
import io.emotionstream.schemas.ModelsTopic;
import io.emotionstream.schemas.Topics;
import io.emotionstream.schemas.model.ModelAlias;
import io.emotionstream.schemas.model.ModelAliasChange;
import io.emotionstream.schemas.model.ModelRelease;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends signed releases and alias changes to the models topic, refusing what would break the promises readers rely
 * on: a version is released once (same bytes again is a no-op), versions only grow, and an alias only names a
 * released version.
 */
public final class ReleasePublisher {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, Object> clientProperties;
    private final String topic;
    private final ReleaseSignatures.Signer signer;
    private final ReleaseSignatures.TrustedKeys ownKeys;
    private final Clock clock;

    /** {@code ownKeys}: the signer's public key(s); what else is on the topic is ignored. */
    public ReleasePublisher(
            Map<String, Object> clientProperties,
            String topic,
            ReleaseSignatures.Signer signer,
            ReleaseSignatures.TrustedKeys ownKeys,
            Clock clock) {
        this.clientProperties = Map.copyOf(clientProperties);
        this.topic = topic;
        this.signer = signer;
        this.ownKeys = ownKeys;
        this.clock = clock;
    }

    /** What a publish did: sent, or found the identical release already there. */
    /**
     * A publisher signing with the Ed25519 key in {@code signingKey} (PKCS#8 PEM) and trusting its public key, read
     * from the same path ending in {@code .pub} ({@code trainer keygen} writes both).
     */
    public static ReleasePublisher withKeyFiles(Map<String, Object> clientProperties, String topic, Path signingKey) {
        Path publicKey =
                signingKey.resolveSibling(signingKey.getFileName().toString().replaceFirst("\\.key$", "") + ".pub");
        if (!Files.isReadable(signingKey) || !Files.isReadable(publicKey)) {
            throw new IllegalArgumentException(
                    "signing key " + signingKey + " or " + publicKey + " not found (./emotion-stream trainer keygen)");
        }
        PublicKey ownKey = SigningKeys.readPublic(publicKey);
        return new ReleasePublisher(
                clientProperties,
                topic,
                ReleaseSignatures.Signer.of(SigningKeys.readPrivate(signingKey), ownKey),
                ReleaseSignatures.TrustedKeys.of(List.of(ownKey)),
                Clock.systemUTC());
    }

    public enum Result {
        SENT,
        ALREADY_RELEASED
    }

    public Result publish(ModelBundle bundle) {
        ensureTopic();
        ModelRelease release = signer.sign(ModelReleases.fromBundle(bundle, clock.instant()));
        ModelsTopicState state = ModelsTopicState.read(clientProperties, topic, ownKeys, TIMEOUT);
        Optional<String> existing = state.sha256(bundle.name(), bundle.version());
        if (existing.isPresent()) {
            if (existing.get().equals(release.getModelSha256())) {
                return Result.ALREADY_RELEASED;
            }
            throw new IllegalArgumentException(bundle.reference() + " is already released with other bytes (sha256 "
                    + existing.get() + "); versions are immutable: train a new version instead");
        }
        Optional<Integer> latest = state.latestVersion(bundle.name());
        if (latest.isPresent() && latest.get() > bundle.version()) {
            throw new IllegalArgumentException(bundle.reference() + " is older than the latest release, version "
                    + latest.get() + "; versions only grow");
        }
        send(
                Topics.releaseKey(bundle.name(), bundle.version()),
                Topics.releaseSerde().encode(release));
        return Result.SENT;
    }

    /** The version {@code alias} of {@code name} points at on the models topic (as this publisher's key signed it). */
    public Optional<Integer> alias(String name, ModelAlias alias) {
        ensureTopic();
        return ModelsTopicState.read(clientProperties, topic, ownKeys, TIMEOUT).alias(name, alias);
    }

    /** The client settings this publisher reaches the cluster with (to read other topics of the same cluster). */
    public Map<String, Object> clientProperties() {
        return clientProperties;
    }

    /** Points {@code alias} at {@code version}, or clears it when version is empty. */
    public void promote(String name, ModelAlias alias, Optional<Integer> version, String reason) {
        ensureTopic();
        if (version.isPresent()) {
            ModelsTopicState state = ModelsTopicState.read(clientProperties, topic, ownKeys, TIMEOUT);
            if (state.sha256(name, version.get()).isEmpty()) {
                throw new IllegalArgumentException(name + ":" + version.get() + " is not released on " + topic
                        + " (./emotion-stream trainer publish " + name + ":" + version.get() + " first)");
            }
        }
        ModelAliasChange change =
                signer.sign(new ModelAliasChange(name, alias, version.orElse(null), clock.instant(), reason, null));
        send(Topics.aliasKey(name, alias.name()), Topics.aliasSerde().encode(change));
    }

    private void send(String key, byte[] value) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.putAll(ModelsTopic.producerSettings());
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value))
                    .get();
        } catch (ExecutionException e) {
            throw new IllegalArgumentException(
                    "cannot send to " + topic + ": " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending to " + topic, e);
        }
    }

    /** Creates the models topic (compacted, one partition, large records) unless it exists. */
    private void ensureTopic() {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15000);
        props.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10000);
        try (Admin admin = Admin.create(props)) {
            TopicCreation.createIfAbsent(admin, List.of(ModelsTopic.newTopic(topic)));
        } catch (TopicCreation.Failed e) {
            throw new IllegalArgumentException("cannot reach Kafka at "
                    + clientProperties.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG) + " to create " + topic + ": "
                    + e.reason());
        }
    }
}
