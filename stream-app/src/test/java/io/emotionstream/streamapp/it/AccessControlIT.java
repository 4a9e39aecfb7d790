package io.emotionstream.streamapp.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emotionstream.broker.SelfSignedTls;
import io.emotionstream.model.bundle.TestModels;
import io.emotionstream.schemas.Topics;
import io.emotionstream.streamapp.StreamApp;
import io.emotionstream.streamapp.access.AccessRole;
import io.emotionstream.streamapp.access.AclPlan;
import io.emotionstream.streamapp.access.AclsCommand;
import io.emotionstream.streamapp.config.StreamAppConfig;
import io.emotionstream.streamapp.config.StreamAppConfigBuilder;
import io.emotionstream.testkit.Committed;
import io.emotionstream.testkit.Images;
import io.emotionstream.testkit.KafkaCluster;
import io.emotionstream.testkit.TestRun;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ACLs of {@code ./emotion-stream acls} on a three-node KRaft cluster that authenticates (SASL/SCRAM-SHA-512 over
 * TLS) and authorises (Kafka's StandardAuthorizer, deny by default; the nodes talk to each other on their own
 * listener): the app runs exactly-once with its own rights only, and every other
 * principal is refused what its role does not need; so is a wrong password, a client without the broker's certificate
 * and one that does not authenticate.
 */
class AccessControlIT {
    private static final String PASSWORD = "tls-store-password";

    @TempDir
    static Path dir;

    private static KafkaCluster kafka;
    private static SelfSignedTls tls;
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final Topics TOPICS = new TestRun(RUN).topics();
    private static final String APP_ID = new TestRun(RUN).applicationId();

    @BeforeAll
    static void startASecuredBroker() throws Exception {
        tls = SelfSignedTls.create(dir, PASSWORD);
        kafka = KafkaCluster.startSecured(dir.resolve("cluster"), 3, tls.keystore(), PASSWORD);
        AclPlan plan = new AclPlan(TOPICS, APP_ID);
        try (Admin admin =
                Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            for (var user : Map.of(
                            "app", AccessRole.APP,
                            "camera", AccessRole.PRODUCER,
                            "trainer", AccessRole.PUBLISHER,
                            "grafana", AccessRole.DASHBOARD)
                    .entrySet()) {
                admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(
                                user.getKey(),
                                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096),
                                secretOf(user.getKey()))))
                        .all()
                        .get();
                // the ACLs as ./emotion-stream acls --apply creates them, with the test's settings
                assertThat(AclsCommand.run(
                                new String[] {
                                    "--principal",
                                    "User:" + user.getKey(),
                                    "--role",
                                    user.getValue().code(),
                                    "--apply"
                                },
                                settings(),
                                new PrintStream(OutputStream.nullOutputStream()), // the printed ACLs
                                System.err))
                        .isZero();
                assertThat(admin.describeAcls(AclBindingFilter.ANY).values().get())
                        .containsAll(plan.bindings("User:" + user.getKey(), user.getValue(), user.getKey()));
            }
        }
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldRunTheAppExactlyOnceWithItsOwnRightsAndRefuseEveryoneWhatTheirRoleDoesNotNeed() throws Exception {
        // given the app, as User:app, creating its topics and serving
        Path registry = dir.resolve("models");
        TestModels.publishUntrained(registry, "acl-model");
        StreamAppConfigBuilder builder = StreamAppConfig.builder()
                .bootstrapServers(kafka.secureBootstrapServers())
                .applicationId(APP_ID)
                .topics(TOPICS)
                .modelRegistry(registry)
                .metricsPort(0)
                .stateDir(dir.resolve("state"));
        client("app", secretOf("app")).forEach(builder::kafka);
        int events = 20;
        try (StreamApp app = StreamApp.start(builder.build());
                KafkaProducer<byte[], byte[]> camera = producer(client("camera", secretOf("camera")))) {
            // when the camera sends images
            for (int i = 0; i < events; i++) {
                camera.send(new ProducerRecord<>(
                                TOPICS.images(),
                                utf8("acl-" + i),
                                Topics.imageEventSerde().encode(StreamAppIT.event("acl-" + i, Images.png(i)))))
                        .get();
            }

            // then each is classified exactly once (read by the administrator)
            assertThat(Committed.readPredictions(
                            kafka.bootstrapServers(), TOPICS.predictions(), events, Duration.ofSeconds(90)))
                    .hasSize(events);

            // and the camera may not publish a model nor read predictions
            assertThatThrownBy(() -> camera.send(new ProducerRecord<>(TOPICS.models(), utf8("forged"), utf8("model")))
                            .get())
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
            assertThat(readFailure("camera", secretOf("camera"), TOPICS.predictions()))
                    .isInstanceOf(TopicAuthorizationException.class);
            // the app may not publish a model either: only the trainer may
            assertThat(writeFailure("app", secretOf("app"), TOPICS.models()))
                    .isInstanceOf(TopicAuthorizationException.class);
            assertThat(writeFailure("trainer", secretOf("trainer"), TOPICS.models()))
                    .isNull();
            // dashboards read no faces and no predictions
            assertThat(readFailure("grafana", secretOf("grafana"), TOPICS.images()))
                    .isInstanceOf(TopicAuthorizationException.class);
            assertThat(readFailure("grafana", secretOf("grafana"), TOPICS.monitorFeed()))
                    .isInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void shouldRefuseAWrongPasswordAClientWithoutTheCertificateAndOneThatDoesNotAuthenticate() {
        // a forged principal: the app's name with the camera's password
        assertThat(writeFailure("app", secretOf("camera"), TOPICS.images()))
                .isInstanceOf(SaslAuthenticationException.class);
        // a client that does not trust the broker's certificate
        Map<String, Object> noTrust = client("camera", secretOf("camera"));
        noTrust.remove(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG);
        noTrust.remove(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG);
        noTrust.remove(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG);
        assertThat(writeFailure(noTrust, TOPICS.images())).isInstanceOf(SslAuthenticationException.class);
        // TLS without SASL: no principal, nothing
        Map<String, Object> anonymous = client("camera", secretOf("camera"));
        anonymous.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SSL");
        assertThat(writeFailure(anonymous, TOPICS.images())).isNotNull();
    }

    /** The run's settings as environment variables: the administrator's listener, the app's id and topics. */
    private static Map<String, String> settings() {
        return Map.ofEntries(
                Map.entry("EMOTION_STREAM_BOOTSTRAP_SERVERS", kafka.bootstrapServers()),
                Map.entry("EMOTION_STREAM_APPLICATION_ID", APP_ID),
                Map.entry("EMOTION_STREAM_TOPIC_IMAGES", TOPICS.images()),
                Map.entry("EMOTION_STREAM_TOPIC_PREDICTIONS", TOPICS.predictions()),
                Map.entry("EMOTION_STREAM_TOPIC_DEAD_LETTERS", TOPICS.deadLetters()),
                Map.entry("EMOTION_STREAM_TOPIC_SHADOW_PREDICTIONS", TOPICS.shadowPredictions()),
                Map.entry("EMOTION_STREAM_TOPIC_MODELS", TOPICS.models()),
                Map.entry("EMOTION_STREAM_TOPIC_LABELS", TOPICS.labels()),
                Map.entry("EMOTION_STREAM_TOPIC_BIAS_METRICS", TOPICS.biasMetrics()),
                Map.entry("EMOTION_STREAM_TOPIC_BIAS_ALERTS", TOPICS.biasAlerts()),
                Map.entry("EMOTION_STREAM_TOPIC_MONITOR_FEED", TOPICS.monitorFeed()),
                Map.entry("EMOTION_STREAM_TOPIC_ERASURES", TOPICS.erasures()));
    }

    /** Client settings of {@code user} with {@code password}, over SASL_SSL, trusting the broker's certificate. */
    private static Map<String, Object> client(String user, String password) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
        settings.put(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512");
        settings.put(
                SaslConfigs.SASL_JAAS_CONFIG,
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
                        + password + "\";");
        settings.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, tls.truststore().toString());
        settings.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, PASSWORD);
        settings.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS12");
        return settings;
    }

    private static String secretOf(String user) {
        return "secret-of-" + user;
    }

    private static KafkaProducer<byte[], byte[]> producer(Map<String, Object> settings) {
        Map<String, Object> all = new HashMap<>(settings);
        all.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.secureBootstrapServers());
        all.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        all.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        all.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        return new KafkaProducer<>(all, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static Throwable writeFailure(String user, String password, String topic) {
        return writeFailure(client(user, password), topic);
    }

    /** What a write of one record to {@code topic} fails with, or null when it is written. */
    private static Throwable writeFailure(Map<String, Object> settings, String topic) {
        try (KafkaProducer<byte[], byte[]> producer = producer(settings)) {
            producer.send(new ProducerRecord<>(topic, utf8("probe"), utf8("probe")))
                    .get();
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            return e;
        }
    }

    /** What a read of {@code topic} as {@code user} fails with, or null when it reads. */
    private static Throwable readFailure(String user, String password, String topic) {
        Map<String, Object> settings = new HashMap<>(client(user, password));
        settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.secureBootstrapServers());
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(new TopicPartition(topic, 0))); // no group: the topic's ACLs alone decide
            for (int i = 0; i < 20; i++) {
                consumer.poll(Duration.ofMillis(500));
            }
            return null;
        } catch (Exception e) {
            return e;
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
