// idle_conns.go: the client of benchmarks/run-idle-net.sh. Opens -c TCP connections to
// an echo server at -addr (at most -dial-parallel dials at a time), makes one 64-byte
// round trip on each (so that the server's task for every connection has run and is
// parked in a read), prints "READY open=N" and then holds every connection open and
// silent for -hold seconds, then closes them and prints "DONE". Exits 1 when a dial or
// the round trip fails.
//
// Run: go run benchmarks/src/main/go/idle_conns.go -addr 127.0.0.1:9000 -c 10000 -hold 15
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"sync"
	"time"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:9000", "echo server address")
	conns := flag.Int("c", 10000, "connections")
	hold := flag.Float64("hold", 15, "seconds to hold the connections idle")
	parallel := flag.Int("dial-parallel", 64, "dials at a time")
	flag.Parse()

	msg := bytes.Repeat([]byte{'x'}, 64)
	open := make([]net.Conn, *conns)
	sem := make(chan struct{}, *parallel)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var firstErr error
	for i := 0; i < *conns; i++ {
		wg.Add(1)
		sem <- struct{}{}
		go func(i int) {
			defer wg.Done()
			defer func() { <-sem }()
			c, err := net.DialTimeout("tcp", *addr, 10*time.Second)
			if err == nil {
				c.SetDeadline(time.Now().Add(10 * time.Second))
				if _, err = c.Write(msg); err == nil {
					buf := make([]byte, len(msg))
					_, err = io.ReadFull(c, buf)
				}
				c.SetDeadline(time.Time{})
			}
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				if firstErr == nil {
					firstErr = err
				}
				return
			}
			open[i] = c
		}(i)
	}
	wg.Wait()
	if firstErr != nil {
		fmt.Fprintln(os.Stderr, "idle_conns:", firstErr)
		os.Exit(1)
	}
	fmt.Printf("READY open=%d\n", *conns)
	time.Sleep(time.Duration(*hold * float64(time.Second)))
	for _, c := range open {
		c.Close()
	}
	fmt.Println("DONE")
}
