package io.emotionstream.schemas;

/**
 * Headers a producer may put on an image record (raw or Avro) to declare what the source's settings would: where it
 * films people and the notice they are shown. The settings of a source win: a header that contradicts them refuses
 * the event ({@code context_mismatch}).
 */
public final class PurposeHeaders {
    /** A deployment context: {@code workplace}, {@code education}, {@code healthcare}, ... */
    public static final String CONTEXT = "deployment-context";
    /** Where the notice shown to the people filmed is (a URL or a document id). */
    public static final String NOTICE = "notice";

    private PurposeHeaders() {}
}
