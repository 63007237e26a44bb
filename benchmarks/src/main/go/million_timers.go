// million_timers.go: the Go side of io.goroutines.benchmarks.time.MillionTimers.
// Arms N timers (default 1000000) back to back from the main goroutine with
// time.AfterFunc(d, f), d uniform in [0, MAX_DELAY_MS] (default 100 ms, seed 42), f
// counting down a shared counter (each f runs in its own goroutine), waits for the
// last one and prints the same columns as the Java side:
//
//   - arm ms: first AfterFunc to the return of the last.
//   - wall ms: first AfterFunc to the last fire.
//   - peak heap: highest /memory/classes/heap/objects:bytes (runtime/metrics: live
//     and not yet swept objects, the analogue of the JVM's used heap) in a sample
//     every 5 ms, absolute and above the baseline taken after runtime.GC().
//   - RSS peak: VmHWM of /proc/self/status, reset before the run by writing 5 to
//     /proc/self/clear_refs ("n/r" when that failed).
//   - GCs: GC cycles during the run, and their stop-the-world pause total.
//
// Then the heap bytes each pending timer holds (N timers an hour away, runtime.GC(),
// HeapAlloc minus the baseline, divided by N). One warm-up run with 100000 timers
// comes first.
//
// Run: go run benchmarks/src/main/go/million_timers.go [N [MAX_DELAY_MS]]
// benchmarks/run-million-timers.sh runs it after the Java side when a Go toolchain is
// installed. Needs Go 1.16+ (runtime/metrics).
package main

import (
	"fmt"
	"math/rand"
	"os"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

const (
	warmupN      = 100000
	samplePeriod = 5 * time.Millisecond
	fireTimeout  = 120 * time.Second
	seed         = 42
	heapMetric   = "/memory/classes/heap/objects:bytes"
)

type result struct {
	arm, wall          time.Duration
	baseHeap, peakHeap uint64
	rssKiB             int64
	rssReset           bool
	gcs                uint32
	gcPause            time.Duration
}

// heapObjects returns the bytes of heap objects, live or not yet swept.
func heapObjects() uint64 {
	s := []metrics.Sample{{Name: heapMetric}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}

// heapAfterGC returns heapObjects after two full GCs.
func heapAfterGC() uint64 {
	runtime.GC()
	runtime.GC()
	return heapObjects()
}

func resetRSSPeak() bool {
	return os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
}

// rssPeakKiB returns VmHWM in KiB, or -1.
func rssPeakKiB() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			v, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(strings.TrimPrefix(line, "VmHWM:")), " kB"), 10, 64)
			if err == nil {
				return v
			}
		}
	}
	return -1
}

// run arms n timers with delays[0:n] and waits for all of them to fire.
func run(n int, delays []time.Duration) (result, error) {
	left := int64(n)
	var t0 time.Time
	var last time.Duration
	done := make(chan struct{})
	f := func() {
		if atomic.AddInt64(&left, -1) == 0 {
			last = time.Since(t0)
			close(done)
		}
	}

	base := heapAfterGC()
	var ms0, ms1 runtime.MemStats
	runtime.ReadMemStats(&ms0)
	rssReset := resetRSSPeak()

	var peak uint64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		for {
			if h := heapObjects(); h > peak {
				peak = h
			}
			select {
			case <-stop:
				return
			case <-time.After(samplePeriod):
			}
		}
	}()

	t0 = time.Now()
	for i := 0; i < n; i++ {
		time.AfterFunc(delays[i], f)
	}
	arm := time.Since(t0)
	select {
	case <-done:
	case <-time.After(fireTimeout):
		close(stop)
		<-sampled
		return result{}, fmt.Errorf("%d of %d timers had not fired after %s", atomic.LoadInt64(&left), n, fireTimeout)
	}
	close(stop)
	<-sampled
	if h := heapObjects(); h > peak {
		peak = h
	}
	rss := rssPeakKiB()
	runtime.ReadMemStats(&ms1)
	return result{
		arm: arm, wall: last, baseHeap: base, peakHeap: peak, rssKiB: rss, rssReset: rssReset,
		gcs: ms1.NumGC - ms0.NumGC, gcPause: time.Duration(ms1.PauseTotalNs - ms0.PauseTotalNs),
	}, nil
}

// pendingBytes returns the heap bytes held by n timers armed an hour away.
func pendingBytes(n int) float64 {
	timers := make([]*time.Timer, n)
	nop := func() {}
	var m0, m1 runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&m0)
	for i := range timers {
		timers[i] = time.AfterFunc(time.Hour, nop)
	}
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&m1)
	for _, t := range timers {
		t.Stop()
	}
	return float64(int64(m1.HeapAlloc)-int64(m0.HeapAlloc)) / float64(n)
}

func main() {
	n := 1000000
	maxDelayMs := int64(100)
	usage := func() {
		fmt.Fprintln(os.Stderr, "usage: million_timers [N [MAX_DELAY_MS]]")
		os.Exit(2)
	}
	if len(os.Args) > 1 {
		v, err := strconv.Atoi(strings.NewReplacer("_", "", ",", "").Replace(os.Args[1]))
		if err != nil || v <= 0 {
			usage()
		}
		n = v
	}
	if len(os.Args) > 2 {
		v, err := strconv.ParseInt(os.Args[2], 10, 64)
		if err != nil || v < 0 {
			usage()
		}
		maxDelayMs = v
	}
	maxDelay := time.Duration(maxDelayMs) * time.Millisecond

	size := n
	if size < warmupN {
		size = warmupN
	}
	r := rand.New(rand.NewSource(seed))
	delays := make([]time.Duration, size)
	for i := range delays {
		delays[i] = time.Duration(r.Int63n(int64(maxDelay) + 1))
	}

	fmt.Printf("million_timers: N=%d timers, delays uniform in [0, %d ms], %s, GOMAXPROCS=%d\n",
		n, maxDelayMs, runtime.Version(), runtime.GOMAXPROCS(0))
	fmt.Printf("%-14s %-38s %8s %8s %13s %13s %13s %11s\n", "kind", "",
		"arm ms", "wall ms", "peak heap MiB", "above base", "RSS peak MiB", "GCs (ms)")
	if _, err := run(warmupN, delays); err != nil {
		fmt.Printf("go (warm-up) failed: %v\n", err)
		os.Exit(1)
	}
	res, err := run(n, delays)
	if err != nil {
		fmt.Printf("%-14s failed: %v\n", "go", err)
		os.Exit(1)
	}
	rss := "n/a"
	if res.rssKiB >= 0 {
		rss = fmt.Sprintf("%.1f", float64(res.rssKiB)/1024)
		if !res.rssReset {
			rss += " n/r"
		}
	}
	fmt.Printf("%-14s %-38s %8.1f %8.1f %13.1f %13.1f %13s %11s\n",
		"go", "time.AfterFunc: f in its own goroutine",
		float64(res.arm)/1e6, float64(res.wall)/1e6,
		float64(res.peakHeap)/1048576, float64(int64(res.peakHeap)-int64(res.baseHeap))/1048576,
		rss, fmt.Sprintf("%d (%d)", res.gcs, res.gcPause.Milliseconds()))
	fmt.Println()
	fmt.Printf("heap bytes per pending timer (N=%d armed an hour away, after runtime.GC()):\n", n)
	fmt.Printf("%-14s %-38s %8.1f bytes each\n", "go", "time.AfterFunc", pendingBytes(n))
	fmt.Println()
	fmt.Println("peak heap: highest " + heapMetric + " in 5 ms samples; GCs (ms): cycles and stop-the-world pause total.")
}
