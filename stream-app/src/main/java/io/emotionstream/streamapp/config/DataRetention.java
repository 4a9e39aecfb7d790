package io.emotionstream.streamapp.config;

import io.emotionstream.streamapp.errors.DeadLetterValues;
import java.time.Duration;

/**
 * How long what the app writes or is sent is kept, and what a dead letter keeps of its record. The retentions are
 * those of the topics the app creates (a topic that exists already keeps its own).
 *
 * @param deadLetterValues what a dead letter keeps (key {@code dead.letter.values})
 * @param images           the images topic: faces, kept only long enough to be classified after an outage
 * @param labels           the labels topic: ground truth waits for its prediction at most {@code monitor.label.horizon}
 * @param deadLetters      the dead-letter topic (faces only when {@code dead.letter.values=keep})
 * @param outputs          predictions, shadow predictions and bias alerts
 */
public record DataRetention(
        DeadLetterValues deadLetterValues, Duration images, Duration labels, Duration deadLetters, Duration outputs) {}
