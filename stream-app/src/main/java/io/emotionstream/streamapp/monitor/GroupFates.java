package io.emotionstream.streamapp.monitor;

import java.util.Map;

/** The fates of one arrival bucket of a scope's predictions ({@link LabelFates}): per group, labelled and not. */
record GroupFates(long bucketStart, Map<String, long[]> labelledAndNot) implements ScopeOutcome {
}
