// parked_goroutine_memory.go: the Go side of
// io.goroutines.benchmarks.chan.ParkedGoroutineMemory. Parks N goroutines, each in a
// receive on its own unbuffered channel, and prints the memory they hold per
// goroutine: live heap (g, sudog, hchan, closure) plus goroutine stacks (2 KiB
// minimum each), after runtime.GC(), minus the same before they started.
//
// Run: go run benchmarks/src/main/go/parked_goroutine_memory.go [N]   (N: 1000000)
// benchmarks/run-memory.sh runs it when a Go toolchain is installed.
package main

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"sync"
	"time"
)

// used returns live heap bytes plus stack bytes in use, after a full GC.
func used() uint64 {
	var m runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&m)
	return m.HeapAlloc + m.StackInuse
}

func main() {
	n := 1000000
	if len(os.Args) > 1 {
		v, err := strconv.Atoi(os.Args[1])
		if err != nil || v <= 0 {
			fmt.Fprintln(os.Stderr, "usage: parked_goroutine_memory [N]")
			os.Exit(2)
		}
		n = v
	}
	chans := make([]chan int, n)
	var started, exited sync.WaitGroup
	started.Add(n)
	exited.Add(n)
	base := used()
	t0 := time.Now()
	for i := range chans {
		c := make(chan int)
		chans[i] = c
		go func() {
			started.Done()
			<-c
			exited.Done()
		}()
	}
	started.Wait()
	fmt.Printf("  %d goroutines started in %d ms\n", n, time.Since(t0).Milliseconds())
	// A started goroutine may not have reached <-c yet: let them all run to it.
	for i := 0; i < 10; i++ {
		runtime.Gosched()
		time.Sleep(10 * time.Millisecond)
	}
	after := used()
	per := float64(after-base) / float64(n)
	fmt.Printf("%s, GOMAXPROCS=%d: goroutines parked in <-ch on their own channel: %.1f bytes each (%d MiB for %d)\n",
		runtime.Version(), runtime.GOMAXPROCS(0), per, (after-base)>>20, n)
	for _, c := range chans {
		close(c)
	}
	exited.Wait()
}
