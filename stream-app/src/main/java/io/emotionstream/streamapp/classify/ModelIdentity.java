package io.emotionstream.streamapp.classify;

/** Which model answered: every prediction carries it. */
public record ModelIdentity(String name, int version) {}
