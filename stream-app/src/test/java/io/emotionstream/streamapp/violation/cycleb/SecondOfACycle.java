package io.emotionstream.streamapp.violation.cycleb;

import io.emotionstream.streamapp.violation.cyclea.FirstOfACycle;

/** A deliberate violation for PackagesTest: the other half of a package cycle. Test code, never shipped. */
public final class SecondOfACycle {
    public FirstOfACycle back() {
        return new FirstOfACycle();
    }
}
