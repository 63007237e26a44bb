package io.goroutines.samples;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The samples' tiny argument parser: {@code --name value} (or {@code --name=value}) flags
 * from a fixed set, switches ({@code --name}, no value) from another, and positional arguments.
 * As with Go's {@code flag} package, one dash does as well as two ({@code -addr :8080});
 * a dash followed by a digit ({@code -5}) stays a positional argument. Every mistake is an
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
            String dashes = s.startsWith("--") ? "--"
                    : s.length() > 1 && s.charAt(0) == '-' && Character.isLetter(s.charAt(1)) ? "-" : null;
            if (dashes != null) {
                String name = s.substring(dashes.length());
                String value = null;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                if (allowedSwitches.contains(name)) {
                    if (value != null) {
                        throw new IllegalArgumentException("flag " + dashes + name + " takes no value");
                    }
                    a.switches.add(name);
                    continue;
                }
                if (value == null) {
                    if (i + 1 < args.length) {
                        value = args[++i];
                    } else {
                        throw new IllegalArgumentException("flag " + dashes + name + " needs a value");
                    }
                }
                if (!allowedFlags.contains(name)) {
                    throw new IllegalArgumentException(program + ": unknown flag " + dashes + name);
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

    /**
     * The duration flag {@code name} in Go's {@code time.ParseDuration} form ({@code 500ms},
     * {@code 30s}, {@code 1m30s}, {@code 1.5h}; units ns, us, ms, s, m, h), or a bare number of
     * seconds; {@code def} when absent. Must lie in {@code [min, max]}.
     */
    Duration duration(String name, Duration def, Duration min, Duration max) {
        String v = flags.get(name);
        if (v == null) {
            return def;
        }
        Duration d = parseDuration("--" + name, v);
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new IllegalArgumentException("--" + name + " must be in [" + min + ", " + max + "], got " + v);
        }
        return d;
    }

    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");

    static Duration parseDuration(String what, String v) {
        String bad = what + " must be a duration like 500ms, 30s or 1m30s, got '" + v + "'";
        if (v.matches("\\d+(\\.\\d*)?")) {
            return Duration.ofNanos((long) (Double.parseDouble(v) * 1e9));
        }
        Matcher m = DURATION_PART.matcher(v);
        double nanos = 0;
        int at = 0;
        while (at < v.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new IllegalArgumentException(bad);
            }
            double unit = switch (m.group(2)) {
                case "ns" -> 1;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
            };
            nanos += Double.parseDouble(m.group(1)) * unit;
            at = m.end();
        }
        if (at == 0 || nanos > Long.MAX_VALUE) {
            throw new IllegalArgumentException(bad);
        }
        return Duration.ofNanos((long) nanos);
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
