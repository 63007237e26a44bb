// echo_server.go: Go's side of benchmarks/run-net.sh, the reference the Java echo
// servers (io.goroutines.benchmarks.net.EchoServer) are compared with. Listens on
// -addr, starts a goroutine per accepted connection, and each goroutine reads into a
// -buf byte buffer (4 KiB by default, as the Java servers) and writes back what it
// read, until the peer closes or an error. The goroutine blocks in Read and Write; Go's
// runtime parks it on the network poller, which is what the goroutines runtime's
// io.goroutines.net is to do (docs/adr/0012-netpoll-proposed.md).
//
// Prints "echo_server: listening on ADDR" once it accepts, then runs until killed
// (SIGINT or SIGTERM end it at once). Go sets TCP_NODELAY on every TCP connection by
// default; the Java servers set it too.
//
// Run: go run benchmarks/src/main/go/echo_server.go [-addr 127.0.0.1:9000] [-buf 4096]
package main

import (
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"runtime"
	"syscall"
)

func serve(c net.Conn, size int) {
	defer c.Close()
	buf := make([]byte, size)
	for {
		n, err := c.Read(buf)
		if n > 0 {
			if _, werr := c.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

func main() {
	addr := flag.String("addr", "127.0.0.1:9000", "`host:port` to listen on")
	size := flag.Int("buf", 4096, "read buffer bytes per connection")
	flag.Parse()
	if *size < 1 {
		fmt.Fprintln(os.Stderr, "echo_server: -buf must be positive")
		os.Exit(2)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "echo_server:", err)
		os.Exit(1)
	}
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	go func() {
		<-sig
		os.Exit(0)
	}()
	fmt.Printf("echo_server: listening on %s, %d-byte buffer, GOMAXPROCS %d, %s\n",
		ln.Addr(), *size, runtime.GOMAXPROCS(0), runtime.Version())
	for {
		c, err := ln.Accept()
		if err != nil {
			fmt.Fprintln(os.Stderr, "echo_server: accept:", err)
			continue
		}
		go serve(c, *size)
	}
}
