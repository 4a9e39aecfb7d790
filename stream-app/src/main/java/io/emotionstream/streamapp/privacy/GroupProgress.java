package io.emotionstream.streamapp.privacy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Whether consumer groups have read past given offsets: a log is truncated only behind all of its readers, so erasing
 * a person never takes a record from a reader that has not had it yet (the app's own clients among them).
 */
final class GroupProgress {
    private final Admin admin;

    GroupProgress(Admin admin) {
        this.admin = admin;
    }

    /** The groups, as {@code group on topic-partition}, with a committed offset at or before a last offset. */
    List<String> behind(Map<TopicPartition, Long> lastOffsets) throws ExecutionException, InterruptedException {
        List<String> behind = new ArrayList<>();
        for (GroupListing group : admin.listGroups().all().get()) {
            Map<TopicPartition, OffsetAndMetadata> committed = committed(group.groupId());
            lastOffsets.forEach((partition, last) -> {
                OffsetAndMetadata position = committed.get(partition);
                if (position != null && position.offset() <= last) {
                    behind.add(group.groupId() + " on " + partition);
                }
            });
        }
        return behind;
    }

    /** Whether {@code group} has committed past every last offset (a partition it never committed is not past). */
    boolean past(String group, Map<TopicPartition, Long> lastOffsets) throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> committed = committed(group);
        return lastOffsets.entrySet().stream().allMatch(e -> {
            OffsetAndMetadata position = committed.get(e.getKey());
            return position != null && position.offset() > e.getValue();
        });
    }

    private Map<TopicPartition, OffsetAndMetadata> committed(String group)
            throws ExecutionException, InterruptedException {
        return admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get();
    }
}
