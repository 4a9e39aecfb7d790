package io.emotionstream.streamapp.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotionstream.schemas.Topics;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.metadata.authorizer.StandardAcl;
import org.apache.kafka.metadata.authorizer.StandardAuthorizer;
import org.apache.kafka.server.authorizer.Action;
import org.apache.kafka.server.authorizer.AuthorizableRequestContext;
import org.apache.kafka.server.authorizer.AuthorizationResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The plan's ACLs loaded into Kafka's own {@code StandardAuthorizer} (deny by default, as the brokers run it), asked
 * what each principal may do: the matrix of docs/reliability.md, row by row.
 */
class AclPlanTest {
    private static final Topics TOPICS = Topics.DEFAULT;
    private static final String APP_ID = "emotion-stream";
    private final StandardAuthorizer authorizer = new StandardAuthorizer();
    private final Metrics metrics = new Metrics();

    @BeforeEach
    void loadThePlan() {
        AclPlan plan = new AclPlan(TOPICS, APP_ID);
        Map<Uuid, StandardAcl> acls = new HashMap<>();
        for (var grant : List.of(
                plan.bindings("User:camera", AccessRole.PRODUCER, "camera"),
                plan.bindings("User:app", AccessRole.APP, "app"),
                plan.bindings("User:trainer", AccessRole.PUBLISHER, "trainer"),
                plan.bindings("User:grafana", AccessRole.DASHBOARD, "grafana"),
                plan.bindings("User:dpo", AccessRole.ERASER, "dpo"))) {
            grant.forEach(binding -> acls.put(Uuid.randomUuid(), StandardAcl.fromAclBinding(binding)));
        }
        authorizer.configure(Map.of());
        authorizer.withPluginMetrics(new PluginMetricsImpl(metrics, Map.of())); // as a broker gives it
        authorizer.loadSnapshot(acls);
        authorizer.completeInitialLoad();
    }

    @AfterEach
    void close() throws Exception {
        authorizer.close();
        metrics.close();
    }

    @Test
    void shouldLetProducersWriteImagesAndLabelsAndNothingElse() {
        assertThat(allowed("camera", AclOperation.WRITE, topic(TOPICS.images())))
                .isTrue();
        assertThat(allowed("camera", AclOperation.WRITE, topic(TOPICS.labels())))
                .isTrue();
        assertThat(allowed("camera", AclOperation.WRITE, topic(TOPICS.models())))
                .isFalse();
        assertThat(allowed("camera", AclOperation.READ, topic(TOPICS.predictions())))
                .isFalse();
        assertThat(allowed("camera", AclOperation.READ, topic(TOPICS.images()))).isFalse();
        assertThat(allowed("camera", AclOperation.WRITE, topic(TOPICS.erasures())))
                .isFalse();
    }

    @Test
    void shouldLetTheAppReadItsInputsWriteItsOutputsAndOwnItsInternals() {
        assertThat(allowed("app", AclOperation.READ, topic(TOPICS.images()))).isTrue();
        assertThat(allowed("app", AclOperation.READ, topic(TOPICS.labels()))).isTrue();
        assertThat(allowed("app", AclOperation.READ, topic(TOPICS.models()))).isTrue();
        assertThat(allowed("app", AclOperation.WRITE, topic(TOPICS.predictions())))
                .isTrue();
        assertThat(allowed("app", AclOperation.WRITE, topic(TOPICS.monitorFeed())))
                .isTrue();
        assertThat(allowed("app", AclOperation.READ, topic(TOPICS.monitorFeed())))
                .isTrue();
        assertThat(allowed("app", AclOperation.WRITE, topic(APP_ID + "-pending-images-changelog")))
                .isTrue();
        assertThat(allowed("app", AclOperation.READ, topic(APP_ID + "-monitor-awaiting-labels-changelog")))
                .isTrue();
        assertThat(allowed("app", AclOperation.READ, group(APP_ID + "-monitor")))
                .isTrue();
        assertThat(allowed(
                        "app",
                        AclOperation.WRITE,
                        new ResourcePattern(ResourceType.TRANSACTIONAL_ID, APP_ID + "-3f2a-1", PatternType.LITERAL)))
                .isTrue();
        // and nothing it does not need: publishing models, writing its inputs
        assertThat(allowed("app", AclOperation.WRITE, topic(TOPICS.models()))).isFalse();
        assertThat(allowed("app", AclOperation.WRITE, topic(TOPICS.images()))).isFalse();
        assertThat(allowed("app", AclOperation.READ, topic("another-app-changelog")))
                .isFalse();
    }

    @Test
    void shouldLetOnlyThePublisherWriteTheModelsTopic() {
        assertThat(allowed("trainer", AclOperation.WRITE, topic(TOPICS.models())))
                .isTrue();
        for (String other : List.of("camera", "app", "grafana", "dpo", "stranger")) {
            assertThat(allowed(other, AclOperation.WRITE, topic(TOPICS.models())))
                    .as(other)
                    .isFalse();
        }
        assertThat(allowed("trainer", AclOperation.READ, topic(TOPICS.images())))
                .isFalse();
    }

    @Test
    void shouldLetDashboardsReadTheMonitorsFiguresButNoFacesNorPredictions() {
        assertThat(allowed("grafana", AclOperation.READ, topic(TOPICS.biasMetrics())))
                .isTrue();
        assertThat(allowed("grafana", AclOperation.READ, topic(TOPICS.biasAlerts())))
                .isTrue();
        assertThat(allowed("grafana", AclOperation.READ, group("grafana-live"))).isTrue();
        for (String faces :
                List.of(TOPICS.images(), TOPICS.predictions(), TOPICS.monitorFeed(), TOPICS.deadLetters())) {
            assertThat(allowed("grafana", AclOperation.READ, topic(faces)))
                    .as(faces)
                    .isFalse();
        }
    }

    @Test
    void shouldLetTheEraserReadAndTruncateWhereAPersonMayBeAndAskTheMonitorToForget() {
        assertThat(allowed("dpo", AclOperation.READ, topic(TOPICS.images()))).isTrue();
        assertThat(allowed("dpo", AclOperation.DELETE, topic(TOPICS.images()))).isTrue();
        assertThat(allowed("dpo", AclOperation.WRITE, topic(TOPICS.erasures()))).isTrue();
        assertThat(allowed("dpo", AclOperation.READ, topic(APP_ID + "-monitor-held-labels-changelog")))
                .isTrue();
        assertThat(allowed("dpo", AclOperation.DESCRIBE, group(APP_ID))).isTrue();
        assertThat(allowed("dpo", AclOperation.WRITE, topic(TOPICS.images()))).isFalse();
        assertThat(allowed("dpo", AclOperation.DELETE, topic(TOPICS.models()))).isFalse();
    }

    @Test
    void shouldGiveAnUnknownPrincipalNothing() {
        for (String topic : List.of(TOPICS.images(), TOPICS.predictions(), TOPICS.models(), TOPICS.biasMetrics())) {
            assertThat(allowed("ANONYMOUS", AclOperation.READ, topic(topic))).isFalse();
            assertThat(allowed("ANONYMOUS", AclOperation.WRITE, topic(topic))).isFalse();
        }
    }

    private boolean allowed(String user, AclOperation operation, ResourcePattern resource) {
        Action action = new Action(operation, resource, 1, true, true);
        return authorizer.authorize(new Request(user), List.of(action)).get(0) == AuthorizationResult.ALLOWED;
    }

    private static ResourcePattern topic(String name) {
        return new ResourcePattern(ResourceType.TOPIC, name, PatternType.LITERAL);
    }

    private static ResourcePattern group(String name) {
        return new ResourcePattern(ResourceType.GROUP, name, PatternType.LITERAL);
    }

    /** A request of {@code user} over SASL_SSL from loopback. */
    private record Request(String user) implements AuthorizableRequestContext {
        @Override
        public String listenerName() {
            return "SASL_SSL";
        }

        @Override
        public SecurityProtocol securityProtocol() {
            return SecurityProtocol.SASL_SSL;
        }

        @Override
        public KafkaPrincipal principal() {
            return new KafkaPrincipal(KafkaPrincipal.USER_TYPE, user);
        }

        @Override
        public InetAddress clientAddress() {
            return InetAddress.getLoopbackAddress();
        }

        @Override
        public int requestType() {
            return 0;
        }

        @Override
        public int requestVersion() {
            return 0;
        }

        @Override
        public String clientId() {
            return "acl-plan-test";
        }

        @Override
        public int correlationId() {
            return 0;
        }
    }
}
