package io.goroutines.impl.diag;

import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.slf4j.helpers.NOPLoggerFactory;
import org.slf4j.helpers.SubstituteLoggerFactory;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * Where the runtime's own diagnostics go: the one place that decides between SLF4J and
 * standard error, so that none of them can vanish. Go's runtime writes everything it
 * has to say on standard error; a Java library writes to its logger, and SLF4J drops
 * every message when the application has no provider on its class path (a plain
 * library user), after its one "no providers" notice.
 *
 * <h2>Implementation overview</h2>
 * Two kinds of message, one rule each (ADR 0016):
 * <ul>
 *   <li>{@link #report}: the runtime's account of something that went wrong: an
 *       unrecovered panic's report ({@code PanicReport}), the warning that it fell back
 *       to the JDK's scheduler, a failure of one of its threads. Through SLF4J when a
 *       provider is bound, since the application chose where its log goes (and the same
 *       text on standard error too would show twice wherever the log is the console);
 *       on standard error when none is.</li>
 *   <li>{@link #print}: what Go's runtime prints on standard error by design and the
 *       user asked for or must see at once: the {@code SCHED} lines of
 *       {@code -Dgoroutines.schedtrace}, Go's {@code fatal error:} lines. Always on
 *       standard error, as Go, and also through SLF4J when a provider is bound, for the
 *       application's log.</li>
 * </ul>
 * DEBUG lines are not diagnostics of this kind: they go to SLF4J only.
 *
 * <p>"No provider" is SLF4J's {@link NOPLoggerFactory}: SLF4J 2 falls back to it when it
 * finds no provider, and so does SLF4J 1.7 without a binding. {@code slf4j-nop}, which
 * binds the same factory on purpose, counts as none: a panic report still reaches
 * standard error. While SLF4J is still initializing on another thread it answers with
 * its {@link SubstituteLoggerFactory}, which queues the messages for the provider it is
 * about to bind; that answer counts as bound and is not cached, so the next message asks
 * again.
 *
 * <p>Each message is written to standard error with one {@code println}, which
 * {@link java.io.PrintStream} does under its lock, so two reports never interleave line
 * by line. {@link System#err} is read at every message, so a program that replaced it
 * gets them where it chose.
 */
public final class Diagnostics {

    /** Cached once SLF4J has decided: null while unknown (or while SLF4J initializes). */
    private static volatile Boolean bound;

    private Diagnostics() {
    }

    /**
     * Whether an SLF4J provider is bound, that is, whether a logger's messages go
     * anywhere (see the class comment).
     *
     * @return false when SLF4J uses its no-operation logger factory
     */
    static boolean providerBound() {
        Boolean b = bound;
        if (b != null) {
            return b;
        }
        ILoggerFactory f = LoggerFactory.getILoggerFactory();
        if (f instanceof SubstituteLoggerFactory) {
            return true; // SLF4J is binding a provider right now: ask again next time
        }
        boolean result = !(f instanceof NOPLoggerFactory);
        bound = result;
        return result;
    }

    /**
     * The runtime's account of a problem: logged at {@code level} when a provider is
     * bound, else written on standard error (with {@code cause}'s stack trace).
     *
     * @param log the logger that owns the message
     * @param level the level to log it at
     * @param message the whole text, already formatted
     * @param cause the exception behind it, or null
     */
    public static void report(Logger log, Level level, String message, Throwable cause) {
        if (providerBound()) {
            log(log, level, message, cause);
        } else {
            stderr(message, cause);
        }
    }

    /**
     * A line Go prints on standard error: written there always, and also logged at
     * {@code level} when a provider is bound.
     *
     * @param log the logger that also gets it
     * @param level the level to log it at
     * @param text the text, already formatted (without a trailing newline)
     */
    public static void print(Logger log, Level level, String text) {
        stderr(text, null);
        if (providerBound()) {
            log(log, level, text, null);
        }
    }

    private static void stderr(String message, Throwable cause) {
        if (cause == null) {
            System.err.println(message);
            return;
        }
        StringWriter sw = new StringWriter();
        try (PrintWriter pw = new PrintWriter(sw)) {
            pw.println(message);
            cause.printStackTrace(pw);
        }
        String all = sw.toString();
        System.err.print(all); // one call: PrintStream writes it under its lock
        System.err.flush();
    }

    /** Through SLF4J 1.7's calls as well as 2's ({@code atLevel} is 2.0 only). */
    private static void log(Logger log, Level level, String message, Throwable cause) {
        switch (level) {
            case ERROR -> log.error(message, cause);
            case WARN -> log.warn(message, cause);
            case INFO -> log.info(message, cause);
            case DEBUG -> log.debug(message, cause);
            case TRACE -> log.trace(message, cause);
        }
    }
}
