package io.emotionstream.platform.lifecycle;

import java.time.Duration;
import java.util.List;

/**
 * How a bounded shutdown went ({@link ShutdownBudget}).
 *
 * @param budget   the time the shutdown was given
 * @param took     the time it used (at most the budget)
 * @param unclosed each part that did not close, with why; empty when the shutdown was complete
 */
public record ShutdownReport(Duration budget, Duration took, List<String> unclosed) {

    public boolean complete() {
        return unclosed.isEmpty();
    }

    /** One line: what did not close, or that everything did. */
    public String describe() {
        return complete()
                ? "closed in " + took.toMillis() + " ms"
                : "not closed within " + budget.toMillis() + " ms: " + String.join("; ", unclosed);
    }
}
