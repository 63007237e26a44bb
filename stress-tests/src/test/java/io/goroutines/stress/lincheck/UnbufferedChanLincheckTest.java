package io.goroutines.stress.lincheck;

/**
 * Proves that the non-blocking operations of an unbuffered channel ({@code trySend},
 * {@code tryRecv}, {@code close}, {@code len}, from {@link ChanLincheckTestBase}) are
 * linearizable when no goroutine is parked on it. With no partner waiting, a trySend
 * and a tryRecv never meet (Go's select with a default case does not rendezvous two
 * non-blocking operations), so before close every trySend fails and every tryRecv
 * would block; after it, trySend panics and tryRecv gets the zero value with
 * {@code ok == false}.
 *
 * <p>Sequential specification: {@link GoChanModel} with capacity 0.
 */
public class UnbufferedChanLincheckTest extends ChanLincheckTestBase {

    public UnbufferedChanLincheckTest() {
        super(0, Spec.class);
    }

    /** The sequential specification: {@link GoChanModel} of capacity 0. */
    public static final class Spec extends GoChanModel {
        public Spec() {
            super(0);
        }
    }
}
