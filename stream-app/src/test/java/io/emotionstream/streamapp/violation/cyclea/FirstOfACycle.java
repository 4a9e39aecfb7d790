package io.emotionstream.streamapp.violation.cyclea;

import io.emotionstream.streamapp.violation.cycleb.SecondOfACycle;

/** A deliberate violation for PackagesTest: one half of a package cycle. Test code, never shipped. */
public final class FirstOfACycle {
    public SecondOfACycle next() {
        return new SecondOfACycle();
    }
}
