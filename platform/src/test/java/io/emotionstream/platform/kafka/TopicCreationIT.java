package io.emotionstream.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emotionstream.testkit.KafkaBroker;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TopicCreationIT {
    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    /** The race was a matter of milliseconds: several rounds give it several chances. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 2, 3, 4, 5})
    void shouldReturnTopicsEveryPartitionOfWhichTakesAnIdempotentProducersBurstAtOnce(int round) throws Exception {
        // given six new topics of four partitions each
        String run = round + "-" + UUID.randomUUID().toString().substring(0, 8);
        List<NewTopic> topics = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            topics.add(new NewTopic("writable-" + i + "-" + run, 4, (short) 1));
        }
        try (Admin admin =
                        Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                        Map.of(
                                CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                                kafka.bootstrapServers(),
                                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                                "true",
                                ProducerConfig.LINGER_MS_CONFIG,
                                "0",
                                ProducerConfig.BATCH_SIZE_CONFIG,
                                "256",
                                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                                "30000"),
                        new ByteArraySerializer(),
                        new ByteArraySerializer())) {
            // when they are created, and the moment that returns, many small batches go to every partition
            TopicCreation.createIfAbsent(admin, topics);
            List<Future<RecordMetadata>> sends = new ArrayList<>();
            for (int record = 0; record < 100; record++) {
                for (NewTopic topic : topics) {
                    for (int partition = 0; partition < 4; partition++) {
                        sends.add(producer.send(new ProducerRecord<>(topic.name(), partition, null, new byte[100])));
                    }
                }
            }

            // then every send succeeds, each exactly once
            for (Future<RecordMetadata> send : sends) {
                send.get(60, TimeUnit.SECONDS);
            }
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            topics.forEach(t -> {
                for (int p = 0; p < 4; p++) {
                    ends.put(new TopicPartition(t.name(), p), OffsetSpec.latest());
                }
            });
            admin.listOffsets(ends)
                    .all()
                    .get()
                    .values()
                    .forEach(end -> assertThat(end.offset()).isEqualTo(100));
        }
    }

    /** Two stream-app replicas and the trainer start together in compose: each creates the same topics. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 2, 3, 4, 5})
    void shouldCreateTheSameTopicsFromSeveralClientsAtOnce(int round) throws Exception {
        // given eight new topics, and four clients about to create all of them
        String run = round + "-" + UUID.randomUUID().toString().substring(0, 8);
        List<NewTopic> topics = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            topics.add(new NewTopic("together-" + i + "-" + run, 6, (short) 1));
        }
        java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(4);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        try {
            List<Future<?>> creations = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                creations.add(clients.submit(() -> {
                    try (Admin admin = Admin.create(
                            Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
                        start.await();
                        TopicCreation.createIfAbsent(admin, topics);
                    }
                    return null;
                }));
            }

            // when they all start at once
            start.countDown();

            // then every one returns with every topic there
            for (Future<?> creation : creations) {
                creation.get(90, TimeUnit.SECONDS);
            }
        } finally {
            clients.shutdownNow();
        }
        try (Admin admin =
                Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            assertThat(admin.listTopics().names().get())
                    .containsAll(topics.stream().map(NewTopic::name).toList());
        }
    }

    @Test
    void shouldTakeAnExistingTopicAsCreated_andNameATopicThatCannotBe() throws Exception {
        String existing = "existing-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin =
                Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            TopicCreation.createIfAbsent(admin, List.of(new NewTopic(existing, 2, (short) 1)));

            TopicCreation.createIfAbsent(admin, List.of(new NewTopic(existing, 2, (short) 1)));

            assertThatThrownBy(
                            () -> TopicCreation.createIfAbsent(admin, List.of(new NewTopic("bad/name", 1, (short) 1))))
                    .isInstanceOfSatisfying(
                            TopicCreation.Failed.class,
                            e -> assertThat(e.topic()).isEqualTo("bad/name"));
        }
    }
}
