// user_shaped.go: the Go twin of io.goroutines.benchmarks.chan.UserShaped. A main
// goroutine and one worker goroutine, one unbuffered channel (two for ping-pong), N
// elements timed in main; one warm-up run, then RUNS runs, and the median printed as
//
//	user-shaped go SHAPE median=NS min=NS max=NS runs=[...]   (ns per element)
//
// Shapes: pingpong (a round trip over ping and pong), prodcons (the worker sends, main
// receives), select (the same, both sides in a two-case select whose quit case is never
// ready). Usage: go run user_shaped.go [-n 1000000] [-runs 5]
package main

import (
	"flag"
	"fmt"
	"sort"
	"time"
)

func pingPong(n int) time.Duration {
	ping := make(chan int)
	pong := make(chan int)
	go func() {
		for i := 0; i < n; i++ {
			pong <- <-ping
		}
	}()
	t0 := time.Now()
	for i := 0; i < n; i++ {
		ping <- 1
		<-pong
	}
	return time.Since(t0)
}

func prodCons(n int) time.Duration {
	c := make(chan int)
	go func() {
		for i := 0; i < n; i++ {
			c <- 1
		}
	}()
	t0 := time.Now()
	for i := 0; i < n; i++ {
		<-c
	}
	return time.Since(t0)
}

func selectProdCons(n int) time.Duration {
	c := make(chan int)
	quit := make(chan int)
	go func() {
		for i := 0; i < n; i++ {
			select {
			case c <- 1:
			case <-quit:
			}
		}
	}()
	sum := 0
	t0 := time.Now()
	for i := 0; i < n; i++ {
		select {
		case v := <-c:
			sum += v
		case <-quit:
		}
	}
	d := time.Since(t0)
	if sum != n {
		panic(fmt.Sprintf("received a sum of %d, expected %d: elements lost", sum, n))
	}
	return d
}

func measure(name string, n, runs int, shape func(int) time.Duration) {
	shape(n)
	per := make([]int64, runs)
	for r := range per {
		per[r] = shape(n).Nanoseconds() / int64(n)
	}
	sort.Slice(per, func(i, j int) bool { return per[i] < per[j] })
	fmt.Printf("user-shaped go %s median=%d min=%d max=%d runs=%v\n", name, per[runs/2], per[0], per[runs-1], per)
}

func main() {
	n := flag.Int("n", 1000000, "elements per run")
	runs := flag.Int("runs", 5, "measured runs (after one warm-up run)")
	flag.Parse()
	measure("pingpong", *n, *runs, pingPong)
	measure("prodcons", *n, *runs, prodCons)
	measure("select", *n, *runs, selectProdCons)
}
