package io.emotionstream.streamapp.config;

import io.emotionstream.streamapp.errors.DeadLetterValues;
import io.emotionstream.streamapp.topology.PublishedDemographics;
import java.time.Duration;

/**
 * What the app keeps and passes on about the people it sees: what a dead letter keeps of its record, whether the
 * public predictions carry demographics, and how long the topics the app creates keep their records.
 *
 * @param deadLetterValues what a dead letter keeps (key {@code dead.letter.values})
 * @param demographics     subject id and groups on the public predictions topics (key {@code predictions.demographics})
 * @param retention        the retentions (keys {@code topic.*.retention})
 */
public record DataProtection(
        DeadLetterValues deadLetterValues, PublishedDemographics demographics, Retention retention) {

    /**
     * Retentions of the topics the app creates (a topic that exists already keeps its own).
     *
     * @param images      the images topic: faces, kept only long enough to be classified after an outage
     * @param labels      the labels topic: ground truth waits for its prediction at most {@code monitor.label.horizon}
     * @param deadLetters the dead-letter topic (faces only when {@code dead.letter.values=keep})
     * @param outputs     predictions, shadow predictions and bias alerts
     * @param monitorFeed the monitor's internal feed (predictions with groups): read within moments while the monitor
     *                    runs, so only as long as the monitor may be down without losing them
     */
    public record Retention(
            Duration images, Duration labels, Duration deadLetters, Duration outputs, Duration monitorFeed) {}
}
