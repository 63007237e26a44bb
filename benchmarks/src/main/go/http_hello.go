// http_hello.go: Go's side of benchmarks/run-http.sh: net/http's hello world, the
// server the httpd sample (samples/.../Httpd.java, on io.goroutines.net) is measured
// against. Every request gets "Hello, World!\n" as text/plain, HTTP/1.1 keep-alive, as
// the sample answers. Prints "http_hello: listening on ADDR" once the socket is bound,
// then serves until killed.
//
// Run: go run benchmarks/src/main/go/http_hello.go -addr 127.0.0.1:8080
package main

import (
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"runtime"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on")
	flag.Parse()
	body := []byte("Hello, World!\n")
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write(body)
	})
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "http_hello:", err)
		os.Exit(1)
	}
	fmt.Printf("http_hello: listening on %s, GOMAXPROCS %d, %s\n", ln.Addr(), runtime.GOMAXPROCS(0), runtime.Version())
	if err := http.Serve(ln, handler); err != nil {
		fmt.Fprintln(os.Stderr, "http_hello:", err)
		os.Exit(1)
	}
}
