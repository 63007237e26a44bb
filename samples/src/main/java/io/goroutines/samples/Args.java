package io.goroutines.samples;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The samples' tiny argument parser: {@code --name value} (or {@code --name=value}) flags
 * from a fixed set, switches ({@code --name}, no value) from another, and positional arguments. Every mistake is an
 * {@link IllegalArgumentException}, which {@link Main} reports with the usage and exit status 2.
 */
final class Args {

    private final Map<String, String> flags = new HashMap<>();
    private final Set<String> switches = new HashSet<>();
    private final List<String> positional = new ArrayList<>();

    private Args() {
    }

    static Args parse(String program, String[] args, Set<String> allowedFlags, int maxPositional) {
        return parse(program, args, allowedFlags, Set.of(), maxPositional);
    }

    /** As {@link #parse(String, String[], Set, int)}, also accepting the switches {@code allowedSwitches}. */
    static Args parse(String program, String[] args, Set<String> allowedFlags, Set<String> allowedSwitches,
                      int maxPositional) {
        Args a = new Args();
        for (int i = 0; i < args.length; i++) {
            String s = args[i];
            if (s.startsWith("--")) {
                String name = s.substring(2);
                String value = null;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                if (allowedSwitches.contains(name)) {
                    if (value != null) {
                        throw new IllegalArgumentException("flag --" + name + " takes no value");
                    }
                    a.switches.add(name);
                    continue;
                }
                if (value == null) {
                    if (i + 1 < args.length) {
                        value = args[++i];
                    } else {
                        throw new IllegalArgumentException("flag --" + name + " needs a value");
                    }
                }
                if (!allowedFlags.contains(name)) {
                    throw new IllegalArgumentException(program + ": unknown flag --" + name);
                }
                a.flags.put(name, value);
            } else {
                a.positional.add(s);
            }
        }
        if (a.positional.size() > maxPositional) {
            throw new IllegalArgumentException(maxPositional == 0
                    ? program + " takes no positional arguments"
                    : program + " takes at most " + maxPositional + " positional argument(s)");
        }
        return a;
    }

    /** Whether the switch {@code name} was given. */
    boolean isSet(String name) {
        return switches.contains(name);
    }

    /** Whether the value flag {@code name} was given. */
    boolean has(String name) {
        return flags.containsKey(name);
    }

    /** The flag {@code name}'s value, or {@code def} when absent. */
    String string(String name, String def) {
        return flags.getOrDefault(name, def);
    }

    /** The integer flag {@code name} in {@code [min, max]}, or {@code def} when absent. */
    int intFlag(String name, int def, int min, int max) {
        String v = flags.get(name);
        return v == null ? def : toInt("--" + name, v, min, max);
    }

    /** The decimal flag {@code name} in {@code [min, max]}, or {@code def} when absent. */
    double doubleFlag(String name, double def, double min, double max) {
        String v = flags.get(name);
        if (v == null) {
            return def;
        }
        double d;
        try {
            d = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a number, got '" + v + "'");
        }
        if (!(d >= min && d <= max)) {
            throw new IllegalArgumentException("--" + name + " must be in [" + min + ", " + max + "], got " + v);
        }
        return d;
    }

    String positional(int i, String def) {
        return i < positional.size() ? positional.get(i) : def;
    }

    int positionalInt(int i, String what, int def, int min, int max) {
        return i < positional.size() ? toInt(what, positional.get(i), min, max) : def;
    }

    static int toInt(String what, String v, int min, int max) {
        int n;
        try {
            n = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be an integer, got '" + v + "'");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(what + " must be in [" + min + ", " + max + "], got " + n);
        }
        return n;
    }
}
