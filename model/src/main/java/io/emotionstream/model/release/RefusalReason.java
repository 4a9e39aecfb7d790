package io.emotionstream.model.release;

import java.util.Locale;

/** Why a record on the models topic is not used. Stable codes: they are metric tag values and log words. */
public enum RefusalReason {
    /** Not a release or alias record, or an unknown schema. */
    UNDECODABLE,
    /** No signature at all. */
    UNSIGNED,
    /** Signed by a key this reader does not trust. */
    UNKNOWN_KEY,
    /** The signature does not match the record: forged or altered. */
    BAD_SIGNATURE,
    /** The model bytes do not hash to the signed sha256: corrupt in transit or storage. */
    CHECKSUM_MISMATCH,
    /** The manifest is unreadable or names another model or version than the record. */
    BAD_MANIFEST,
    /** The manifest's labels are not the six emotions in order. */
    WRONG_LABELS,
    /** The network does not take 1x48x48 input or does not output 6 probabilities. */
    WRONG_SHAPE,
    /** The manifest names preprocessing (id or face location) this build does not implement. */
    UNSUPPORTED_PREPROCESSING,
    /** The model bytes are not a DL4J network. */
    UNREADABLE_MODEL,
    /** The version was released before with other bytes, or is not newer than the latest release. */
    VERSION_CONFLICT,
    /** An alias points at a version that was never (validly) released. */
    UNKNOWN_VERSION,
    /** An alias change older than the one already applied, or than the newest this app ever applied (replay). */
    STALE,
    /** The record's key is not the one its signed content implies: it would make compaction delete another record. */
    KEY_MISMATCH;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
