// blocking_stall.go: the Go side of io.goroutines.benchmarks.sched.BlockingStall.
// N goroutines (default 1000) each open and read a FIFO of their own; opening a FIFO
// for reading blocks in the kernel until a writer opens it. Meanwhile a probe goroutine
// sleeps 1 ms again and again and records the time of each tick, and a ping-pong pair
// of goroutines counts round trips over two unbuffered channels. After 300 ms of
// warm-up and BASELINE (default 1 s) measured, the readers start; WINDOW (default 2 s)
// later the writer opens every FIFO read-write, writes one byte and so releases every
// reader; then the program waits (bounded by -timeout) for the readers and stops.
// Prints the same lines as the Java side, the last one starting with RESULT for
// benchmarks/run-blocking.sh.
//
// What Go does with the readers: os.Open opens with O_RDONLY|O_CLOEXEC, without
// O_NONBLOCK, so each open(2) blocks its thread in the kernel (entersyscall; sysmon
// retakes the P within 20 µs to 10 ms and starts or wakes another M, up to
// debug.SetMaxThreads, 10000 by default). Once the open returns, os.newFile sees a FIFO
// (not a regular file or directory), sets it non-blocking and registers it with the
// netpoller, so the read parks the goroutine without a thread. The threads are thus
// spent on the opens, as in the Java program, where both open and read pin a carrier.
//
// The writer is a goroutine locked to its thread (the Java side uses a platform thread,
// which its scheduler cannot stall). It opens each FIFO O_RDWR, which on Linux never
// blocks, and keeps every write end open until every reader has returned, so that a
// late reader still finds a writer; if readers do not return within -timeout, the write
// ends stay open and the FIFOs are unlinked. The FIFOs are made with syscall.Mkfifo in
// a temporary directory removed at the end. Threads are counted in /proc/self/task,
// those blocked in a FIFO open by their wchan ("wait_for_partner"); "Ms" is the
// runtime's count of threads created (pprof's threadcreate profile).
//
// Run: go run benchmarks/src/main/go/blocking_stall.go [-n 1000] [-window 2]
// [-baseline 1] [-procs 0] [-timeout 30]
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

const (
	tick          = time.Millisecond
	warmup        = 300 * time.Millisecond
	scanInterval  = 10 * time.Millisecond
	fifoOpenWchan = "wait_for_partner"
)

type run struct {
	n                        int
	window, baseline, limit  time.Duration
	fifos                    []string
	ticks                    []int64 // UnixNano of each probe tick, written by the probe
	tickCount                int64
	roundTrips               int64
	entered, returned, fails int64
	stop                     int32

	baselineStart, rtAtBaselineStart      int64
	windowStart, releaseAt                int64
	rtAtWindowStart, rtAtRelease          int64
	releasedAt, allEnteredAt, allParkedAt int64
	allReturnedAt                         int64
	enteredAtRelease                      int64
	maxParked, peakTasks, peakMs          int
	tasksAfter, msAfter                   int
	writeEndsLeftOpen                     bool
	windowStarted                         chan struct{}
	writerDone                            chan struct{}
	readersDone                           chan struct{}
}

func now() int64 { return time.Now().UnixNano() }

func main() {
	n := flag.Int("n", 1000, "readers (FIFOs)")
	window := flag.Float64("window", 2, "seconds the readers stay blocked")
	baseline := flag.Float64("baseline", 1, "seconds measured before the readers start")
	procs := flag.Int("procs", 0, "GOMAXPROCS (0: the runtime's default)")
	timeout := flag.Float64("timeout", 30, "seconds allowed for the readers to return after the release")
	flag.Parse()
	if *n < 1 || *window <= 0 || *baseline <= 0 || *timeout <= 0 {
		fmt.Fprintln(os.Stderr, "-n, -window, -baseline and -timeout must be positive")
		os.Exit(2)
	}
	if *procs > 0 {
		runtime.GOMAXPROCS(*procs)
	}
	dir, err := os.MkdirTemp("", "blocking-stall")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer os.RemoveAll(dir)
	r := &run{
		n:             *n,
		window:        time.Duration(*window * float64(time.Second)),
		baseline:      time.Duration(*baseline * float64(time.Second)),
		limit:         time.Duration(*timeout * float64(time.Second)),
		maxParked:     -1,
		peakTasks:     -1,
		peakMs:        -1,
		tasksAfter:    -1,
		msAfter:       -1,
		windowStarted: make(chan struct{}),
		writerDone:    make(chan struct{}),
		readersDone:   make(chan struct{}),
	}
	for i := 0; i < r.n; i++ {
		p := filepath.Join(dir, fmt.Sprintf("fifo-%d", i))
		if err := syscall.Mkfifo(p, 0o600); err != nil {
			fmt.Fprintln(os.Stderr, "mkfifo:", err)
			os.RemoveAll(dir)
			os.Exit(1)
		}
		r.fifos = append(r.fifos, p)
	}
	total := warmup + r.baseline + r.window + r.limit + 5*time.Second
	r.ticks = make([]int64, int(total/tick)+1000)
	code := r.execute()
	os.RemoveAll(dir)
	os.Exit(code)
}

func (r *run) execute() int {
	probeDone := make(chan bool, 1)
	pairDone := make(chan bool, 2)
	go func() {
		defer func() { probeDone <- true }()
		for atomic.LoadInt32(&r.stop) == 0 {
			i := atomic.LoadInt64(&r.tickCount)
			if int(i) < len(r.ticks) {
				r.ticks[i] = now()
				atomic.StoreInt64(&r.tickCount, i+1)
			}
			time.Sleep(tick)
		}
	}()
	ping, pong := make(chan int), make(chan int)
	go func() { // pinger
		defer func() { pairDone <- true }()
		for atomic.LoadInt32(&r.stop) == 0 {
			ping <- 1
			<-pong
			atomic.AddInt64(&r.roundTrips, 1)
		}
		close(ping)
	}()
	go func() { // ponger
		defer func() { pairDone <- true }()
		for v := range ping {
			pong <- v
		}
	}()
	time.Sleep(warmup)
	atomic.StoreInt64(&r.rtAtBaselineStart, atomic.LoadInt64(&r.roundTrips))
	r.baselineStart = now()
	time.Sleep(r.baseline)

	go r.writer()
	<-r.windowStarted
	var wg sync.WaitGroup
	wg.Add(r.n)
	for _, p := range r.fifos {
		go r.read(p, &wg)
	}
	allReturned := make(chan bool, 1)
	go func() {
		wg.Wait()
		allReturned <- true
	}()
	select {
	case <-allReturned:
	case <-time.After(r.window + r.limit + time.Second):
	}
	atomic.StoreInt32(&r.stop, 1)
	for _, c := range []chan bool{probeDone, pairDone, pairDone} {
		select {
		case <-c:
		case <-time.After(5 * time.Second):
		}
	}
	select {
	case <-r.writerDone:
	case <-time.After(r.limit + 5*time.Second):
		fmt.Println("the writer had not finished")
	}
	r.report()
	if atomic.LoadInt64(&r.returned) != int64(r.n) {
		return 1
	}
	return 0
}

// read is a reader goroutine: opens its FIFO (blocks until a writer opens it) and
// reads a byte.
func (r *run) read(path string, wg *sync.WaitGroup) {
	defer wg.Done()
	defer func() {
		if atomic.AddInt64(&r.returned, 1) == int64(r.n) {
			close(r.readersDone)
		}
	}()
	atomic.AddInt64(&r.entered, 1)
	f, err := os.Open(path)
	if err != nil {
		atomic.AddInt64(&r.fails, 1)
		return
	}
	defer f.Close()
	buf := make([]byte, 1)
	if _, err := f.Read(buf); err != nil {
		atomic.AddInt64(&r.fails, 1)
	}
}

// writer watches the readers during the window, releases them at its end, waits for
// them to return, closes the write ends and unlinks the FIFOs.
func (r *run) writer() {
	runtime.LockOSThread()
	defer close(r.writerDone)
	var writeEnds []*os.File
	defer func() {
		if r.allReturnedAt != 0 {
			for _, w := range writeEnds {
				w.Close()
			}
		} else {
			r.writeEndsLeftOpen = true // a late reader still finds a writer
		}
		for _, p := range r.fifos {
			os.Remove(p)
		}
	}()
	r.rtAtWindowStart = atomic.LoadInt64(&r.roundTrips)
	start := now()
	r.releaseAt = start + int64(r.window)
	r.windowStart = start
	close(r.windowStarted)
	nextScan := start
	for now() < r.releaseAt {
		if r.allEnteredAt == 0 && atomic.LoadInt64(&r.entered) == int64(r.n) {
			r.allEnteredAt = now()
		}
		if now() >= nextScan {
			t0 := now()
			parked := r.scanThreads()
			t1 := now()
			if parked > r.maxParked {
				r.maxParked = parked
			}
			if r.allParkedAt == 0 && parked >= r.n {
				r.allParkedAt = t1
			}
			d := 2 * (t1 - t0)
			if d < int64(scanInterval) {
				d = int64(scanInterval)
			}
			nextScan = t1 + d
		}
		left := time.Duration(r.releaseAt - now())
		if left > tick {
			left = tick
		}
		time.Sleep(left)
	}
	r.rtAtRelease = atomic.LoadInt64(&r.roundTrips)
	r.enteredAtRelease = atomic.LoadInt64(&r.entered)
	if r.allEnteredAt == 0 && r.enteredAtRelease == int64(r.n) {
		r.allEnteredAt = now()
	}
	for _, p := range r.fifos {
		w, err := os.OpenFile(p, os.O_RDWR, 0)
		if err != nil {
			fmt.Fprintln(os.Stderr, "could not open", p, err)
			continue
		}
		writeEnds = append(writeEnds, w)
		if _, err := w.Write([]byte{1}); err != nil {
			fmt.Fprintln(os.Stderr, "could not write", p, err)
		}
	}
	r.releasedAt = now()
	deadline := time.After(r.limit)
	for {
		select {
		case <-r.readersDone:
			r.allReturnedAt = now()
			r.tasksAfter, _ = countTasks()
			r.msAfter = pprof.Lookup("threadcreate").Count()
			return
		case <-deadline:
			return
		case <-time.After(5 * time.Millisecond):
			r.scanThreads()
		}
	}
}

// scanThreads counts the threads of the process and those blocked in a FIFO open,
// updates the peaks, and returns the blocked ones (-1 without /proc).
func (r *run) scanThreads() int {
	tasks, parked := countTasks()
	if tasks < 0 {
		return -1
	}
	if tasks > r.peakTasks {
		r.peakTasks = tasks
	}
	if ms := pprof.Lookup("threadcreate").Count(); ms > r.peakMs {
		r.peakMs = ms
	}
	return parked
}

func countTasks() (tasks, parked int) {
	d, err := os.Open("/proc/self/task")
	if err != nil {
		return -1, -1
	}
	names, err := d.Readdirnames(-1)
	d.Close()
	if err != nil {
		return -1, -1
	}
	for _, t := range names {
		b, err := os.ReadFile("/proc/self/task/" + t + "/wchan")
		if err == nil && strings.HasPrefix(string(b), fifoOpenWchan) {
			parked++
		}
	}
	return len(names), parked
}

// gaps returns the sorted gaps between successive ticks whose first tick lies in
// [from, to).
func (r *run) gaps(from, to int64) []int64 {
	count := int(atomic.LoadInt64(&r.tickCount))
	var g []int64
	for i := 1; i < count; i++ {
		if r.ticks[i-1] >= from && r.ticks[i-1] < to {
			g = append(g, r.ticks[i]-r.ticks[i-1])
		}
	}
	sort.Slice(g, func(i, j int) bool { return g[i] < g[j] })
	return g
}

// percentile is the q-quantile (nearest rank) of sorted samples.
func percentile(sorted []int64, q float64) int64 {
	rank := int(float64(len(sorted))*q + 0.999999999)
	if rank < 1 {
		rank = 1
	}
	if rank > len(sorted) {
		rank = len(sorted)
	}
	return sorted[rank-1]
}

func ms(nanos int64) string { return fmt.Sprintf("%.2f", float64(nanos)/1e6) }

func printGaps(name string, g []int64) {
	if len(g) == 0 {
		fmt.Printf("%-44s no tick\n", name)
		return
	}
	fmt.Printf("%-44s n=%d p50 %s ms, p99 %s ms, max %s ms\n", name, len(g),
		ms(percentile(g, 0.5)), ms(percentile(g, 0.99)), ms(g[len(g)-1]))
}

func commas(f float64) string {
	s := fmt.Sprintf("%.0f", f)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 && s[i-1] != '-' {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

func (r *run) report() {
	ws, rel := r.windowStart, r.releaseAt
	fmt.Printf("BlockingStall (go): n=%d window=%.1fs baseline=%.1fs gomaxprocs=%d, %d processors, %s\n",
		r.n, r.window.Seconds(), r.baseline.Seconds(), runtime.GOMAXPROCS(0), runtime.NumCPU(), runtime.Version())
	base := r.gaps(r.baselineStart, ws)
	win := r.gaps(ws, rel)
	printGaps("probe gaps (1 ms sleeps), baseline", base)
	printGaps("probe gaps (1 ms sleeps), blocked window", win)
	baseRate := float64(r.rtAtWindowStart-r.rtAtBaselineStart) / (float64(ws-r.baselineStart) / 1e9)
	winRate := float64(r.rtAtRelease-r.rtAtWindowStart) / (float64(rel-ws) / 1e9)
	fmt.Printf("%-44s baseline %s/s, blocked window %s/s\n", "ping-pong round trips", commas(baseRate), commas(winRate))
	entered := fmt.Sprintf("never (%d of %d by the release)", r.enteredAtRelease, r.n)
	if r.allEnteredAt != 0 {
		entered = ms(r.allEnteredAt-ws) + " ms"
	}
	fmt.Printf("%-44s %s\n", "all readers called open after", entered)
	parked := fmt.Sprintf("never (at most %d of %d seen)", r.maxParked, r.n)
	if r.allParkedAt != 0 {
		parked = ms(r.allParkedAt-ws) + " ms"
	}
	fmt.Printf("%-44s %s\n", "all readers blocked in the kernel after", parked)
	fmt.Printf("%-44s %d OS threads, %d Ms\n", "threads at the peak", r.peakTasks, r.peakMs)
	after := "-"
	if r.tasksAfter >= 0 {
		after = fmt.Sprintf("%d OS threads, %d Ms", r.tasksAfter, r.msAfter)
	}
	fmt.Printf("%-44s %s\n", "threads after all readers returned", after)
	returned := ""
	if r.allReturnedAt != 0 {
		returned = ", " + ms(r.allReturnedAt-r.releasedAt) + " ms after the release"
	}
	fmt.Printf("%-44s %d of %d (%d failed)%s\n", "readers returned", atomic.LoadInt64(&r.returned), r.n,
		atomic.LoadInt64(&r.fails), returned)
	if r.writeEndsLeftOpen {
		fmt.Println("(readers still blocked: the write ends were left open, the FIFOs unlinked)")
	}
	maxStall, p99Stall := "-", "-"
	if len(win) > 0 {
		maxStall, p99Stall = ms(win[len(win)-1]), ms(percentile(win, 0.99))
	}
	allParked := "never"
	if r.allParkedAt != 0 {
		allParked = ms(r.allParkedAt - ws)
	}
	fmt.Printf("RESULT impl=go max_stall_ms=%s p99_stall_ms=%s pingpong_base_per_s=%.0f pingpong_window_per_s=%.0f "+
		"threads_peak=%d ms_peak=%d all_parked_ms=%s returned=%d/%d\n",
		maxStall, p99Stall, baseRate, winRate, r.peakTasks, r.peakMs, allParked, atomic.LoadInt64(&r.returned), r.n)
}
