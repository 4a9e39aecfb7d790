package io.emotionstream.streamapp.monitor;

import io.emotionstream.fairness.ScopeStats;
import io.emotionstream.schemas.monitor.FairnessVerdict;
import io.emotionstream.schemas.monitor.MonitorWindow;
import java.util.Optional;

/**
 * What one aggregate update is about: a scope, a window, its counts per group, and for the cumulative window the
 * sequential verdict (computed once, read by both the metrics records and the alerts).
 */
record ScopeReport(Scope scope, MonitorWindow window, ScopeStats stats, Optional<FairnessVerdict> verdict) {}
