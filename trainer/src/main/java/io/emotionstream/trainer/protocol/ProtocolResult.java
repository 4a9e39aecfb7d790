package io.emotionstream.trainer.protocol;

import java.util.List;

/** Every fold's figures and every held-out image's prediction, from which {@link ProtocolSummary} is drawn. */
public record ProtocolResult(Protocol protocol, String name, List<FoldResult> folds, List<OutOfFold> predictions) {
    public ProtocolResult {
        folds = List.copyOf(folds);
        predictions = List.copyOf(predictions);
    }
}
