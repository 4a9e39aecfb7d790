package io.emotionstream.fairness;

import java.util.Map;

/** The fates of one arrival bucket of a scope's predictions (the label join's fates): per group, labelled and not. */
public record GroupFates(long bucketStart, Map<String, long[]> labelledAndNot) implements ScopeOutcome {}
