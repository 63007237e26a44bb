// echo_load.go: the load generator of benchmarks/run-net.sh. Opens -c TCP connections
// to an echo server at -addr (at most -dial-parallel dials at a time, each bounded by
// -dial-timeout), then runs one goroutine per connection in a closed loop: write a
// -size byte message (64 by default), read back -size bytes and check them, again and
// again. After -warmup seconds the requests that start and end inside the next
// -duration seconds are counted and their latencies (write to last byte read, in
// nanoseconds) go to a log-linear histogram (64 sub-buckets per power of two, so a
// percentile is within 1/64 of the true value); the histogram is split into shards,
// one per group of connections, each updated atomically, then merged.
//
// Errors: dials that failed, reads and writes that failed (a server that closes, resets
// or stops answering: each connection has a deadline of the end of the run plus
// -grace seconds), and echoes whose bytes differ from what was sent. A connection stops
// at its first error. The program never waits past warm-up + duration + grace + its
// dials: a watchdog exits with status 2 if the connections have not stopped by then.
//
// Prints a line of settings, one of results, and a last line starting with RESULT
// (key=value pairs) for benchmarks/run-net.sh:
//
//	RESULT conns=100 open=100 requests=123456 seconds=5.000 rps=24691 p50_us=3.9
//	       p99_us=12.1 max_us=800.2 errors=0 dial_errors=0 io_errors=0 mismatches=0
//
// Run: go run benchmarks/src/main/go/echo_load.go -addr 127.0.0.1:9000 [-c 100]
// [-duration 5] [-warmup 1] [-size 64] [-dial-timeout 10] [-dial-parallel 64] [-grace 5]
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"math/bits"
	"net"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// The histogram: values below 2*subBuckets are exact; above, each power of two is
// split into subBuckets buckets. maxShift bounds the largest value (2^(maxShift+7) ns,
// about 9 minutes, far past any run).
const (
	subBits    = 6
	subBuckets = 1 << subBits
	maxShift   = 32
	numBuckets = (maxShift + 2) * subBuckets
	numShards  = 64
)

func bucketOf(v int64) int {
	if v < 0 {
		v = 0
	}
	u := uint64(v)
	if u < 2*subBuckets {
		return int(u)
	}
	shift := bits.Len64(u) - subBits - 1 // u>>shift is in [subBuckets, 2*subBuckets)
	if shift > maxShift {
		return numBuckets - 1
	}
	return (shift+1)*subBuckets + int(u>>uint(shift)) - subBuckets
}

// lowerBound is the smallest value of bucket i; upperBound the largest.
func lowerBound(i int) int64 {
	if i < 2*subBuckets {
		return int64(i)
	}
	shift := i/subBuckets - 1
	return int64(i%subBuckets+subBuckets) << uint(shift)
}

func upperBound(i int) int64 {
	if i < 2*subBuckets {
		return int64(i)
	}
	shift := i/subBuckets - 1
	return lowerBound(i) + (int64(1) << uint(shift)) - 1
}

type histogram [numBuckets]uint64

// percentile returns the midpoint of the bucket holding the q-quantile (0 < q <= 1).
func (h *histogram) percentile(total uint64, q float64) int64 {
	if total == 0 {
		return 0
	}
	rank := uint64(q*float64(total) + 0.5)
	if rank < 1 {
		rank = 1
	}
	var seen uint64
	for i := range h {
		seen += h[i]
		if seen >= rank {
			return (lowerBound(i) + upperBound(i)) / 2
		}
	}
	return upperBound(numBuckets - 1)
}

type load struct {
	addr                         string
	conns, size, dialParallel    int
	warmup, duration, grace      time.Duration
	dialTimeout                  time.Duration
	shards                       [numShards]histogram
	requests, dialErrors         int64
	ioErrors, mismatches, maxLat int64
	firstErr                     atomic.Value // string
}

func (l *load) noteError(err string) {
	l.firstErr.CompareAndSwap(nil, err)
}

// dial opens the connections, at most dialParallel at a time; failed ones are nil.
func (l *load) dial() []net.Conn {
	conns := make([]net.Conn, l.conns)
	sem := make(chan struct{}, l.dialParallel)
	var wg sync.WaitGroup
	for i := range conns {
		sem <- struct{}{}
		wg.Add(1)
		go func(i int) {
			defer func() { <-sem; wg.Done() }()
			c, err := net.DialTimeout("tcp", l.addr, l.dialTimeout)
			if err != nil {
				atomic.AddInt64(&l.dialErrors, 1)
				l.noteError("dial: " + err.Error())
				return
			}
			conns[i] = c
		}(i)
	}
	wg.Wait()
	return conns
}

// loop is one connection's closed loop; it records the requests that start at or
// after measureStart and end at or before measureEnd, and stops at measureEnd.
func (l *load) loop(i int, c net.Conn, measureStart, measureEnd time.Time) {
	h := &l.shards[i%numShards]
	_ = c.SetDeadline(measureEnd.Add(l.grace))
	msg := make([]byte, l.size)
	for j := range msg {
		msg[j] = byte('a' + (i+j)%26)
	}
	reply := make([]byte, l.size)
	for {
		start := time.Now()
		if !start.Before(measureEnd) {
			return
		}
		if _, err := c.Write(msg); err != nil {
			atomic.AddInt64(&l.ioErrors, 1)
			l.noteError("write: " + err.Error())
			return
		}
		if _, err := io.ReadFull(c, reply); err != nil {
			atomic.AddInt64(&l.ioErrors, 1)
			l.noteError("read: " + err.Error())
			return
		}
		end := time.Now()
		if !bytes.Equal(msg, reply) {
			atomic.AddInt64(&l.mismatches, 1)
			l.noteError("echo differs from the message sent")
			return
		}
		if !start.Before(measureStart) && !end.After(measureEnd) {
			lat := end.Sub(start).Nanoseconds()
			atomic.AddUint64(&h[bucketOf(lat)], 1)
			atomic.AddInt64(&l.requests, 1)
			for {
				m := atomic.LoadInt64(&l.maxLat)
				if lat <= m || atomic.CompareAndSwapInt64(&l.maxLat, m, lat) {
					break
				}
			}
		}
		// Rotate the message so that a server echoing stale bytes is caught.
		msg[0], msg[len(msg)-1] = msg[len(msg)-1], msg[0]
	}
}

func main() {
	l := &load{}
	var warmup, duration, grace, dialTimeout float64
	flag.StringVar(&l.addr, "addr", "127.0.0.1:9000", "echo server `host:port`")
	flag.IntVar(&l.conns, "c", 100, "connections")
	flag.IntVar(&l.size, "size", 64, "bytes per message")
	flag.IntVar(&l.dialParallel, "dial-parallel", 64, "dials under way at once")
	flag.Float64Var(&warmup, "warmup", 1, "seconds of load before measuring")
	flag.Float64Var(&duration, "duration", 5, "seconds measured")
	flag.Float64Var(&grace, "grace", 5, "seconds past the end a request may take before it is an error")
	flag.Float64Var(&dialTimeout, "dial-timeout", 10, "seconds a dial may take")
	flag.Parse()
	if l.conns < 1 || l.size < 1 || l.dialParallel < 1 || duration <= 0 || warmup < 0 || grace <= 0 || dialTimeout <= 0 {
		fmt.Fprintln(os.Stderr, "echo_load: -c, -size, -dial-parallel, -duration, -grace and -dial-timeout must be positive")
		os.Exit(2)
	}
	seconds := func(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }
	l.warmup, l.duration, l.grace, l.dialTimeout = seconds(warmup), seconds(duration), seconds(grace), seconds(dialTimeout)

	fmt.Printf("echo_load: %s, %d connections, %d-byte messages, warm-up %v, measured %v, GOMAXPROCS %d, %s\n",
		l.addr, l.conns, l.size, l.warmup, l.duration, runtime.GOMAXPROCS(0), runtime.Version())

	dialStart := time.Now()
	conns := l.dial()
	dialTime := time.Since(dialStart)
	open := 0
	for _, c := range conns {
		if c != nil {
			open++
		}
	}

	// Watchdog: the loops stop at measureEnd, or at the deadline of measureEnd + grace
	// when a server stops answering; anything later is a hang.
	t0 := time.Now()
	measureStart := t0.Add(l.warmup)
	measureEnd := measureStart.Add(l.duration)
	watchdog := time.AfterFunc(time.Until(measureEnd.Add(l.grace+5*time.Second)), func() {
		fmt.Fprintln(os.Stderr, "echo_load: connections still busy long past the deadline; exiting")
		os.Exit(2)
	})

	var wg sync.WaitGroup
	for i, c := range conns {
		if c == nil {
			continue
		}
		wg.Add(1)
		go func(i int, c net.Conn) {
			defer wg.Done()
			defer c.Close()
			l.loop(i, c, measureStart, measureEnd)
		}(i, c)
	}
	wg.Wait()
	watchdog.Stop()

	var merged histogram
	var total uint64
	for s := range l.shards {
		for i, n := range l.shards[s] {
			merged[i] += n
			total += n
		}
	}
	us := func(ns int64) float64 { return float64(ns) / 1e3 }
	measured := l.duration.Seconds()
	rps := float64(total) / measured
	p50 := merged.percentile(total, 0.50)
	p99 := merged.percentile(total, 0.99)
	errors := l.dialErrors + l.ioErrors + l.mismatches
	fmt.Printf("echo_load: %d of %d connections open (dials took %v); %d requests in %.3f s = %.0f req/s; "+
		"latency p50 %.1f us, p99 %.1f us, max %.1f us; errors %d (dial %d, io %d, mismatched echoes %d)\n",
		open, l.conns, dialTime.Round(time.Millisecond), total, measured, rps, us(p50), us(p99), us(l.maxLat),
		errors, l.dialErrors, l.ioErrors, l.mismatches)
	if e, ok := l.firstErr.Load().(string); ok {
		fmt.Printf("echo_load: first error: %s\n", e)
	}
	fmt.Printf("RESULT conns=%d open=%d requests=%d seconds=%.3f rps=%.0f p50_us=%.1f p99_us=%.1f max_us=%.1f "+
		"errors=%d dial_errors=%d io_errors=%d mismatches=%d\n",
		l.conns, open, total, measured, rps, us(p50), us(p99), us(l.maxLat),
		errors, l.dialErrors, l.ioErrors, l.mismatches)
	if open == 0 {
		os.Exit(1)
	}
}
