package io.emotionstream.trainer.protocol;

import java.util.List;

/**
 * A protocol applied to data: what is being estimated ({@code name}, e.g. "jaffe leave-one-subject-out") and the
 * models that estimate it.
 */
public record ProtocolPlan(Protocol protocol, String name, List<FoldPlan> folds) {
    public ProtocolPlan {
        folds = List.copyOf(folds);
    }
}
