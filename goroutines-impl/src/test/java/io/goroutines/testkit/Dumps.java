package io.goroutines.testkit;

import io.goroutines.GoRuntime;

/** Reading a Go-format goroutine dump ({@link GoRuntime#stack(boolean)}). */
public final class Dumps {

    private Dumps() {
    }

    /** {@return {@code s}, cut to 20,000 characters for a failure message} */
    public static String truncate(String s) {
        return s.length() <= 20_000 ? s : s.substring(0, 20_000) + "\n... (" + (s.length() - 20_000) + " more chars)";
    }

    /**
     * The state in brackets of the goroutine named {@code name} in a Go-format dump
     * ({@code goroutine 7 [chan receive]: name}), without a {@code , N minutes}
     * suffix; null when it is not listed.
     */
    public static String stateIn(String dump, String name) {
        String suffix = "]: " + name;
        for (String line : dump.split("\n")) {
            if (line.startsWith("goroutine ") && line.endsWith(suffix)) {
                String state = line.substring(line.indexOf('[') + 1, line.length() - suffix.length());
                return state.replaceFirst(", \\d+ minutes?$", "");
            }
        }
        return null;
    }

    /** The current state of goroutine {@code name}, or null when it is not (or no longer) listed. */
    public static String stateOf(String name) {
        return stateIn(GoRuntime.stack(true), name);
    }
}
