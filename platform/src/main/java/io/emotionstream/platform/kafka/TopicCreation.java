package io.emotionstream.platform.kafka;

import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** "Create if absent" for every component that creates topics: the stream app at start-up, the release publisher. */
public final class TopicCreation {
    /** A topic that neither exists nor could be created; {@link #reason()} is the broker's or the client's word. */
    public static final class Failed extends IllegalStateException {
        private final String topic;
        private final String reason;

        Failed(String topic, Throwable cause) {
            super("cannot create topic " + topic + ": " + cause.getMessage(), cause);
            this.topic = topic;
            this.reason = cause.getMessage();
        }

        public String topic() {
            return topic;
        }

        public String reason() {
            return reason;
        }
    }

    private TopicCreation() {
    }

    /** Creates each topic unless it exists, one at a time, so one existing topic does not hide another's failure. */
    public static void createIfAbsent(Admin admin, List<NewTopic> topics) {
        try {
            for (NewTopic topic : topics) {
                try {
                    admin.createTopics(List.of(topic)).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new Failed(topic.name(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }
}
