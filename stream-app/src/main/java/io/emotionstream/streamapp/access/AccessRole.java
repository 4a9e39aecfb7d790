package io.emotionstream.streamapp.access;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Who talks to the cluster, each with the least it needs ({@link AclPlan}). */
public enum AccessRole {
    /** Cameras and labelling tools: write images and labels, read nothing. */
    PRODUCER,
    /** The stream app (classifier and monitor): reads its inputs, writes its outputs and internal topics. */
    APP,
    /** The trainer publishing signed releases and aliases: the only writer of the models topic. */
    PUBLISHER,
    /** The retrainer: reads labelled images, publishes challengers like the publisher. */
    RETRAINER,
    /** Dashboards and downstream readers of the monitor: bias metrics and alerts, no faces, no predictions. */
    DASHBOARD,
    /** The operator running {@code erase}: reads where a person may be, asks the monitor to forget, truncates. */
    ERASER;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AccessRole parse(String text) {
        String code = text.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(r -> r.code().equals(code))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + text + "' is not one of "
                        + Arrays.stream(values()).map(AccessRole::code).collect(Collectors.joining(", "))));
    }
}
