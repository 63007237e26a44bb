// sleep_lateness.go: the Go side of io.goroutines.benchmarks.time.SleepLateness.
// One goroutine sleeps 1 ms again and again for SECONDS (default 3) and records how
// much longer than 1 ms each sleep took; first with nothing else running, then while
// LOAD (default 10000) other goroutines are runnable, each looping 50 xorshift steps
// then runtime.Gosched() until told to stop. Prints the same columns as the Java side:
// sleeps measured, median, p90, p99 and max lateness in µs, and the load's yields per
// second. The first 50 sleeps of each case are not counted. A sleeper still inside a
// sleep 2 s after its time was up is reported as starved (N+1 sleeps, max ">=").
//
// Run: go run benchmarks/src/main/go/sleep_lateness.go [SECONDS [LOAD]]
// benchmarks/run-sleep-lateness.sh runs it after the Java side when a Go toolchain is
// installed.
package main

import (
	"fmt"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

const (
	sleepFor       = time.Millisecond
	warmupSleeps   = 50
	maxSleeps      = 100000
	workIterations = 50
	starvedGrace   = 2 * time.Second
)

var sink uint64

type result struct {
	lateness     []time.Duration // sorted
	yieldsPerSec float64
	starved      bool
}

func measure(tasks int, seconds float64) result {
	var stop int32
	var yields int64
	var started, exited sync.WaitGroup
	started.Add(tasks)
	exited.Add(tasks)
	for i := 0; i < tasks; i++ {
		go func(x uint64) {
			defer exited.Done()
			started.Done()
			var rounds int64
			for atomic.LoadInt32(&stop) == 0 {
				for k := 0; k < workIterations; k++ { // xorshift64
					x ^= x << 13
					x ^= x >> 7
					x ^= x << 17
				}
				runtime.Gosched()
				rounds++
			}
			atomic.StoreUint64(&sink, x)
			atomic.AddInt64(&yields, rounds)
		}(uint64(i + 1))
	}
	started.Wait()
	loadStart := time.Now()

	budget := time.Duration(seconds * float64(time.Second))
	samples := make([]time.Duration, maxSleeps)
	var count int64         // samples written so far
	var sleepingSince int64 // UnixNano of the current sleep's start
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; i < warmupSleeps; i++ {
			atomic.StoreInt64(&sleepingSince, time.Now().UnixNano())
			time.Sleep(sleepFor)
		}
		start := time.Now()
		n := 0
		for n < len(samples) && time.Since(start) < budget {
			t0 := time.Now()
			atomic.StoreInt64(&sleepingSince, t0.UnixNano())
			time.Sleep(sleepFor)
			samples[n] = time.Since(t0) - sleepFor
			n++
			atomic.StoreInt64(&count, int64(n))
		}
	}()

	var lateness []time.Duration
	starved := false
	select {
	case <-done:
		lateness = append(lateness, samples[:atomic.LoadInt64(&count)]...)
	case <-time.After(budget + starvedGrace):
		starved = true
		n := atomic.LoadInt64(&count)
		lateness = append(lateness, samples[:n]...)
		since := time.Unix(0, atomic.LoadInt64(&sleepingSince))
		lateness = append(lateness, time.Since(since)-sleepFor)
	}
	atomic.StoreInt32(&stop, 1)
	elapsed := time.Since(loadStart)
	exited.Wait()
	<-done
	sort.Slice(lateness, func(i, j int) bool { return lateness[i] < lateness[j] })
	return result{lateness: lateness, yieldsPerSec: float64(yields) / elapsed.Seconds(), starved: starved}
}

// percentile returns the q-quantile (nearest rank) of sorted samples.
func percentile(sorted []time.Duration, q float64) time.Duration {
	rank := int(q*float64(len(sorted)) + 0.999999999)
	if rank < 1 {
		rank = 1
	}
	if rank > len(sorted) {
		rank = len(sorted)
	}
	return sorted[rank-1]
}

func us(d time.Duration) float64 { return float64(d) / 1e3 }

func main() {
	seconds := 3.0
	load := 10000
	usage := func() {
		fmt.Fprintln(os.Stderr, "usage: sleep_lateness [SECONDS [LOAD]]")
		os.Exit(2)
	}
	if len(os.Args) > 1 {
		v, err := strconv.ParseFloat(os.Args[1], 64)
		if err != nil || v <= 0 {
			usage()
		}
		seconds = v
	}
	if len(os.Args) > 2 {
		v, err := strconv.Atoi(strings.NewReplacer("_", "", ",", "").Replace(os.Args[2]))
		if err != nil || v < 0 {
			usage()
		}
		load = v
	}
	fmt.Printf("sleep_lateness: %d ms sleeps for %.1f s per case; load: %d goroutines looping %d xorshift steps + Gosched; %s, GOMAXPROCS=%d\n",
		sleepFor.Milliseconds(), seconds, load, workIterations, runtime.Version(), runtime.GOMAXPROCS(0))
	fmt.Printf("%-62s %8s %10s %9s %9s %11s %14s\n", "case", "sleeps", "median µs", "p90 µs", "p99 µs", "max µs", "load yields/s")
	anyStarved := false
	for _, tasks := range []int{0, load} {
		name := "go: time.Sleep in a goroutine, idle"
		if tasks > 0 {
			name = fmt.Sprintf("go: time.Sleep in a goroutine, %d Gosched loops", tasks)
		}
		r := measure(tasks, seconds)
		l := r.lateness
		if len(l) == 0 {
			fmt.Printf("%-62s failed: no sleep measured\n", name)
			continue
		}
		sleeps := strconv.Itoa(len(l))
		max := fmt.Sprintf("%.1f", us(l[len(l)-1]))
		if r.starved {
			anyStarved = true
			sleeps = fmt.Sprintf("%d+1", len(l)-1)
			max = ">=" + max
		}
		yields := "-"
		if tasks > 0 {
			yields = fmt.Sprintf("%.0f", r.yieldsPerSec)
		}
		fmt.Printf("%-62s %8s %10.1f %9.1f %9.1f %11s %14s\n", name, sleeps,
			us(percentile(l, 0.5)), us(percentile(l, 0.9)), us(percentile(l, 0.99)), max, yields)
	}
	if anyStarved {
		fmt.Println("N+1 and >=: the sleeper was starved; its unfinished sleep counts as one more sample, a lower bound.")
	}
}
