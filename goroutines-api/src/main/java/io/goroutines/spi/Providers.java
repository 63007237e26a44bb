package io.goroutines.spi;

import java.util.Iterator;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Finds the {@link GoroutinesProvider} on the class path, once.
 *
 * <p>When none is found, every call of {@link #get()} throws the same
 * {@link IllegalStateException} naming the artifact to add, rather than a
 * {@code NoClassDefFoundError} on the second call (which is what a failed static
 * initializer would give). When the runtime is found but refuses to start (for example
 * {@code -Dgoroutines.scheduler=gmp} without the {@code --add-opens} it needs), the
 * message ends with the runtime's own reason, and the exception's cause is what the
 * runtime threw.
 */
public final class Providers {

    /** The Maven coordinates of the runtime, named in the error when it is missing. */
    public static final String IMPL_ARTIFACT = "io.goroutines:goroutines-impl";

    /** The provider, or the message of the error every call throws. */
    private static final Object PROVIDER_OR_ERROR;
    /** What the runtime threw when it could not start, or null. */
    private static final Throwable CAUSE;

    static {
        Throwable[] cause = new Throwable[1];
        PROVIDER_OR_ERROR = load(cause);
        CAUSE = cause[0];
    }

    private Providers() {
    }

    /**
     * The runtime provider.
     *
     * @return the provider found on the class path
     * @throws IllegalStateException when no runtime is on the class path
     */
    public static GoroutinesProvider get() {
        Object p = PROVIDER_OR_ERROR;
        if (p instanceof GoroutinesProvider provider) {
            return provider;
        }
        throw new IllegalStateException((String) p, CAUSE);
    }

    private static Object load(Throwable[] cause) {
        try {
            Iterator<GoroutinesProvider> it =
                    ServiceLoader.load(GoroutinesProvider.class, Providers.class.getClassLoader()).iterator();
            if (it.hasNext()) {
                return it.next();
            }
            return "No goroutines runtime was found on the class path: add the artifact "
                    + IMPL_ARTIFACT + " (same version as goroutines-api) as a dependency.";
        } catch (ServiceConfigurationError e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            cause[0] = e.getCause();
            return "The goroutines runtime (" + IMPL_ARTIFACT + ") is on the class path but could not be loaded: "
                    + e.getMessage() + (root != e ? "; caused by " + root : "");
        }
    }
}
