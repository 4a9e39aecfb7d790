package io.emotionstream.datasets;

/** An image that was listed but could not be used, and why (a {@code RejectReason} code or an I/O error). */
public record SkippedImage(String id, String reason) {}
