package io.goroutines.benchmarks.support;

import java.util.ArrayList;
import java.util.List;

/**
 * Command-line flags the way Go's flag package takes them, for the benchmark programs
 * that have a main method and a Go twin under benchmarks/src/main/go (the run-*.sh
 * scripts pass both the same flags): {@code -name value}, {@code -name=value}, and the
 * same with {@code --}. Every flag takes a value; there are no boolean flags.
 */
public final class Flags {

    /** One flag: its name without dashes, and its value. */
    public record Flag(String name, String value) {
    }

    private Flags() {
    }

    /**
     * The flags of {@code args}, in order; the caller rejects unknown names.
     *
     * @throws IllegalArgumentException if the last flag has no value
     */
    public static List<Flag> parse(String[] args) {
        List<Flag> flags = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i].replaceFirst("^--?", "");
            int eq = a.indexOf('=');
            if (eq >= 0) {
                flags.add(new Flag(a.substring(0, eq), a.substring(eq + 1)));
            } else if (i + 1 < args.length) {
                flags.add(new Flag(a, args[++i]));
            } else {
                throw new IllegalArgumentException("flag needs a value: " + args[i]);
            }
        }
        return flags;
    }
}
