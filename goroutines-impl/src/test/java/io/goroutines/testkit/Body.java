package io.goroutines.testkit;

/** A test body that may throw. */
@FunctionalInterface
public interface Body {
    /**
     * Runs the body.
     *
     * @throws Exception whatever the body throws
     */
    void run() throws Exception;
}
