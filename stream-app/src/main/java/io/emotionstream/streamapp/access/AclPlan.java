package io.emotionstream.streamapp.access;

import io.emotionstream.schemas.Topics;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The ACLs of one principal in one role, least privilege, for Kafka's {@code StandardAuthorizer} (deny by default):
 * <ul>
 *   <li>producer: write images and labels;</li>
 *   <li>app: read images, labels, the models topic, the erasure requests and its feed to the monitor; write
 *       predictions, shadow predictions, dead letters, bias metrics, alerts and the feed; create and configure the
 *       topics it provisions; everything under its application id (its internal topics, groups and transactional
 *       ids); describe the cluster (to find hanging transactions);</li>
 *   <li>publisher: write the models topic (and create it); retrainer: that, and read images and labels;</li>
 *   <li>dashboard: read bias metrics and alerts;</li>
 *   <li>eraser: read every topic that may hold a person and the app's changelogs, describe every group, write erasure
 *       requests, delete records.</li>
 * </ul>
 * Readers outside the app get groups under their own prefix ({@code groupPrefix}).
 */
public final class AclPlan {
    private final Topics topics;
    private final String applicationId;

    public AclPlan(Topics topics, String applicationId) {
        this.topics = topics;
        this.applicationId = applicationId;
    }

    /** The bindings that give {@code principal} ({@code User:NAME}) what {@code role} needs. */
    public List<AclBinding> bindings(String principal, AccessRole role, String groupPrefix) {
        Grants grants = new Grants(principal);
        switch (role) {
            case PRODUCER -> grants.topics(List.of(topics.images(), topics.labels()), AclOperation.WRITE);
            case APP -> app(grants);
            case PUBLISHER -> grants.topics(List.of(topics.models()), AclOperation.WRITE, AclOperation.CREATE);
            case RETRAINER -> {
                grants.topics(List.of(topics.models()), AclOperation.WRITE, AclOperation.CREATE);
                grants.topics(List.of(topics.images(), topics.labels()), AclOperation.READ);
                grants.groups(groupPrefix);
            }
            case DASHBOARD -> {
                grants.topics(List.of(topics.biasMetrics(), topics.biasAlerts()), AclOperation.READ);
                grants.groups(groupPrefix);
            }
            case ERASER -> eraser(grants);
        }
        return grants.bindings;
    }

    private void app(Grants grants) {
        List<String> created = List.of(
                topics.images(),
                topics.predictions(),
                topics.deadLetters(),
                topics.shadowPredictions(),
                topics.labels(),
                topics.biasMetrics(),
                topics.biasAlerts(),
                topics.monitorFeed(),
                topics.erasures(),
                topics.models());
        grants.topics(created, AclOperation.CREATE, AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS);
        grants.topics(
                List.of(topics.images(), topics.labels(), topics.models(), topics.erasures(), topics.monitorFeed()),
                AclOperation.READ);
        List<String> outputs = List.of(
                topics.predictions(),
                topics.shadowPredictions(),
                topics.deadLetters(),
                topics.biasMetrics(),
                topics.biasAlerts(),
                topics.monitorFeed());
        // READ on its own outputs too: the hanging-transaction watch describes their producers (DescribeProducers)
        grants.topics(outputs, AclOperation.WRITE, AclOperation.READ);
        // the classifier's and the monitor's internal topics, consumer groups and transactional ids
        for (ResourceType type : List.of(ResourceType.TOPIC, ResourceType.GROUP, ResourceType.TRANSACTIONAL_ID)) {
            grants.add(new ResourcePattern(type, applicationId, PatternType.PREFIXED), AclOperation.ALL);
        }
        grants.add(cluster(), AclOperation.DESCRIBE);
    }

    private void eraser(Grants grants) {
        List<String> holding = List.of(
                topics.images(),
                topics.labels(),
                topics.predictions(),
                topics.shadowPredictions(),
                topics.monitorFeed(),
                topics.deadLetters(),
                topics.erasures());
        grants.topics(holding, AclOperation.READ, AclOperation.DELETE);
        grants.topics(List.of(topics.erasures()), AclOperation.WRITE);
        // the changelogs of the classifier and of the monitor (application id + "-monitor"), read as tables
        grants.add(new ResourcePattern(ResourceType.TOPIC, applicationId, PatternType.PREFIXED), AclOperation.READ);
        grants.add(new ResourcePattern(ResourceType.GROUP, "*", PatternType.LITERAL), AclOperation.DESCRIBE);
    }

    private static ResourcePattern cluster() {
        return new ResourcePattern(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL);
    }

    /** Allow-bindings of one principal from any host. */
    private static final class Grants {
        private final String principal;
        private final List<AclBinding> bindings = new ArrayList<>();

        Grants(String principal) {
            this.principal = principal;
        }

        void topics(List<String> names, AclOperation... operations) {
            for (String name : names) {
                for (AclOperation operation : operations) {
                    add(new ResourcePattern(ResourceType.TOPIC, name, PatternType.LITERAL), operation);
                }
            }
        }

        void groups(String prefix) {
            add(new ResourcePattern(ResourceType.GROUP, prefix, PatternType.PREFIXED), AclOperation.READ);
        }

        void add(ResourcePattern resource, AclOperation operation) {
            AclBinding binding = new AclBinding(
                    resource, new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
            if (!bindings.contains(binding)) {
                bindings.add(binding);
            }
        }
    }
}
