package io.goroutines.stress.lincheck;

/**
 * Proves that the non-blocking operations of a buffered channel of capacity 2
 * ({@code trySend}, {@code tryRecv}, {@code close}, {@code len}, from
 * {@link ChanLincheckTestBase}) are linearizable: every concurrent run's results are
 * those of some sequential order of the calls that respects real time. The small
 * buffer makes trySend meet a full channel and tryRecv an empty one, so the racy
 * would-block fast paths of {@code HChan.chansend} and {@code HChan.chanrecv} (read
 * without the channel's lock) are checked too.
 *
 * <p>Sequential specification: {@link GoChanModel}, a FIFO of at most 2 values with
 * a closed flag (a trySend on a closed channel and a second close panic with Go's
 * messages, which are results here).
 */
public class BufferedChanLincheckTest extends ChanLincheckTestBase {

    static final int CAPACITY = 2;

    public BufferedChanLincheckTest() {
        super(CAPACITY, Spec.class);
    }

    /** The sequential specification: {@link GoChanModel} of capacity {@value #CAPACITY}. */
    public static final class Spec extends GoChanModel {
        public Spec() {
            super(CAPACITY);
        }
    }
}
