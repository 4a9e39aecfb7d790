package io.emotionstream.streamapp.config;

import java.time.Duration;

/**
 * How the app stops and when it gives up on a cluster.
 *
 * @param shutdownTimeout    the whole stop (key {@code shutdown.timeout}): every client and server gets what is left
 *                           of it, then the process exits, naming what did not close
 * @param unreachableTimeout how long no broker may answer before {@code /health} fails (key
 *                           {@code cluster.unreachable.timeout}); {@code /ready} fails at once
 */
public record LifecycleSettings(Duration shutdownTimeout, Duration unreachableTimeout) {}
