package io.emotionstream.testkit;

import io.emotionstream.schemas.Topics;

/**
 * Names of one integration-test run: tests share a broker, so each run gets its own application id and topics
 * (the run's name as suffix). Settings themselves are built with the app's typed builder.
 */
public record TestRun(String name) {
    public String applicationId() {
        return "it-" + name;
    }

    public Topics topics() {
        return new Topics(
                "images-" + name,
                "predictions-" + name,
                "dead-letters-" + name,
                "shadow-predictions-" + name,
                "models-" + name,
                "labels-" + name,
                "bias-metrics-" + name,
                "bias-alerts-" + name,
                "monitor-feed-" + name,
                "erasures-" + name);
    }
}
