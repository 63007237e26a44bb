package io.goroutines.impl.sched;

import io.goroutines.impl.diag.Diagnostics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

import java.util.Locale;

/**
 * Which scheduler runs goroutines: {@code -Dgoroutines.scheduler} (ADR 0016), read once,
 * when the scheduler starts.
 *
 * <ul>
 *   <li>{@code auto} (the default): the G/M/P scheduler when {@link VirtualThreads} can
 *       build goroutines (the JVM has {@code --add-opens java.base/java.lang=...});
 *       otherwise the JDK's default virtual-thread scheduler, with one warning through
 *       {@link Diagnostics#report} (standard error when no SLF4J provider is bound) that
 *       says what is lost and shows the flag to add, for the class path and for the
 *       module path.</li>
 *   <li>{@code gmp}: the G/M/P scheduler or nothing. Without the flag the runtime
 *       refuses to start: {@link #gmp()} throws, so the first call of the API throws
 *       {@link IllegalStateException} with that message (through
 *       {@code io.goroutines.spi.Providers}). For services that rely on preemption,
 *       deadlock detection or the tracer, where a silent fallback would hide a
 *       misconfigured JVM.</li>
 *   <li>{@code jdk}: the JDK's scheduler, even with the flag, without a warning: the
 *       user asked for it (to compare, or to rule the G/M/P scheduler out).</li>
 * </ul>
 * Any other value refuses to start too: a typo of {@code gmp} must not fall back.
 */
final class SchedulerChoice {

    /** The system property that chooses. */
    static final String PROPERTY = "goroutines.scheduler";

    private static final Logger log = LoggerFactory.getLogger("io.goroutines");

    private SchedulerChoice() {
    }

    /**
     * Decides for the scheduler being made; reports the fallback of {@code auto}.
     *
     * @return true for the G/M/P scheduler, false for the JDK's
     * @throws IllegalStateException when {@code gmp} was asked for and cannot run, or the
     *         property has an unknown value
     */
    static boolean gmp() {
        String raw = System.getProperty(PROPERTY, "auto");
        String v = raw.trim().toLowerCase(Locale.ROOT);
        switch (v) {
            case "jdk" -> {
                log.debug("goroutines: on the JDK's default virtual-thread scheduler (-D{}=jdk)", PROPERTY);
                return false;
            }
            case "gmp" -> {
                if (!VirtualThreads.available()) {
                    throw new IllegalStateException("goroutines: -D" + PROPERTY + "=gmp, but the G/M/P scheduler "
                            + "cannot run: " + VirtualThreads.unavailableReason());
                }
                return true;
            }
            case "auto" -> {
                if (!VirtualThreads.available()) {
                    Diagnostics.report(log, Level.WARN, fallbackWarning(), null);
                }
                return VirtualThreads.available();
            }
            default -> throw new IllegalStateException("goroutines: -D" + PROPERTY + "=" + raw
                    + " is not a scheduler: expected auto (the default), gmp or jdk");
        }
    }

    /** {@return why goroutines run on the JDK's scheduler, for messages of what that mode cannot do} */
    static String whyJdk() {
        return VirtualThreads.available() ? "-D" + PROPERTY + "=" + System.getProperty(PROPERTY)
                : VirtualThreads.unavailableReason();
    }

    /** The warning of {@code auto} falling back: what is lost, why, and the flag to add. */
    static String fallbackWarning() {
        return "goroutines: running goroutines on the JDK's default virtual-thread scheduler, not on the G/M/P "
                + "scheduler (no preemption, deadlock detection, schedtrace nor execution tracer), because "
                + VirtualThreads.unavailableReason() + ". -D" + PROPERTY + "=gmp refuses to start instead.";
    }
}
