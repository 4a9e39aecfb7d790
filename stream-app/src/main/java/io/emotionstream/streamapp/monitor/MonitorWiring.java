package io.emotionstream.streamapp.monitor;

import io.emotionstream.fairness.MonitorSettings;
import io.emotionstream.platform.events.EventLimits;
import io.emotionstream.schemas.Topics;
import io.emotionstream.schemas.registry.TopicCodecs;
import io.emotionstream.streamapp.errors.ErrorHandling;

/**
 * What the monitor's sub-graphs are wired to: its topics and their codecs, its settings, the bounds of what a
 * prediction read from the topics may carry, its meters and the dead-letter handling.
 */
record MonitorWiring(
        Topics topics,
        TopicCodecs codecs,
        MonitorSettings settings,
        EventLimits limits,
        MonitorMetrics metrics,
        ErrorHandling errors) {}
