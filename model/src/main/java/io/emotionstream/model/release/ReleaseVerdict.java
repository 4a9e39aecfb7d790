package io.emotionstream.model.release;

import io.emotionstream.schemas.model.ModelManifest;

/** The outcome of checking a record from the models topic: usable, or refused with a reason and a detail. */
public sealed interface ReleaseVerdict {
    record Accepted(ModelManifest manifest) implements ReleaseVerdict {}

    record Refused(RefusalReason reason, String detail) implements ReleaseVerdict {}
}
