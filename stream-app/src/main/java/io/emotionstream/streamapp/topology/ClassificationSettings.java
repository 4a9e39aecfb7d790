package io.emotionstream.streamapp.topology;

import io.emotionstream.platform.events.EventLimits;

/**
 * What the configuration says about classifying: how events are batched, what an event may carry (checked at
 * decode), and where its demographics go with its predictions.
 */
public record ClassificationSettings(BatchingConfig batching, EventLimits limits, DemographicsRouting demographics) {}
