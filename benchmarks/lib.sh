# benchmarks/lib.sh: what the run-*.sh scripts share. Source it after setting
# bench_dir (this directory) and repo_dir; it finds the JDK (JAVA) itself.
#
#   ensure_jar SCRIPT                 builds benchmarks/target/benchmarks.jar when missing
#   go_cache                          prints a writable GOCACHE
#   go_run_program FILE ARGS...       `go run` of benchmarks/src/main/go/FILE
#   go_build_program FILE OUT         `go build` of benchmarks/src/main/go/FILE to OUT
#   go_bench_settings PREFIX ARGS...  sets go_count, go_benchtime from JMH's -i / -r
#   go_std_bench SCRIPT PKG RAN OUT [FLAGS...]
#                                     runs Go's own benchmarks RAN of GOROOT/src/PKG
#
# For the scripts that start a server and load it from another process (run-net.sh,
# run-http.sh); they set me (the script's name) and, for check_pinning, pin_modes:
#   start_work                        work (a temporary directory), server_pid, client_pid,
#                                     and an EXIT trap that stops both and removes work
#   stop_pid PID                      TERM, then KILL after 5 s: a process the script started
#   raise_fds CONNS                   ulimit -n for CONNS connections, or says why not
#   check_pinning CPU1 CPU2           drops "yes" from pin_modes, saying why, when taskset
#                                     cannot pin the server to CPU1 and the client to CPU2
#   port_busy PORT                    whether something accepts on 127.0.0.1:PORT
#   pick_port                         sets port to the next free one from next_port
#   await_server PID LOG PORT SECS    0 once the server says "listening on" and PORT
#                                     accepts; 1 when it exited (server_status); 2 at SECS
#
# shellcheck shell=bash

# shellcheck source=../bin/find-jdk.sh
source "$repo_dir/bin/find-jdk.sh"   # sets JAVA to a JDK 21+

jar="$bench_dir/target/benchmarks.jar"

# Builds the benchmarks jar when it is missing (delete it, or run mvn yourself, to pick
# up source changes).
ensure_jar() {
    if [[ ! -f "$jar" ]]; then
        echo "$1: $jar missing, building it" >&2
        (cd "$repo_dir" && mvn -B -q -pl benchmarks -am package -DskipTests)
    fi
}

# `go env GOCACHE` when it is usable, else benchmarks/target/go-cache (a read-only home,
# or GOCACHE=off, must not stop the benchmark).
go_cache() {
    local gocache
    gocache="$(go env GOCACHE 2>/dev/null || true)"
    if [[ -z "$gocache" || "$gocache" == off ]] || ! mkdir -p "$gocache" 2>/dev/null || [[ ! -w "$gocache" ]]; then
        gocache="$bench_dir/target/go-cache"
        mkdir -p "$gocache"
    fi
    echo "$gocache"
}

# Runs one of our Go programs. GOFLAGS is cleared so that a user's -mod=vendor or the
# like cannot break the build; GO111MODULE=off because the file is no module.
go_run_program() {
    local file="$1"
    shift
    GOCACHE="$(go_cache)" GOFLAGS= GO111MODULE=off go run "$bench_dir/src/main/go/$file" "$@"
}

# Builds one of our Go programs to the binary OUT, for a script that must pin, signal
# or wait for the program itself (`go run` runs it as a child of its own). Same
# settings as go_run_program.
go_build_program() {
    local file="$1" out="$2"
    mkdir -p "$(dirname "$out")"
    GOCACHE="$(go_cache)" GOFLAGS= GO111MODULE=off go build -o "$out" "$bench_dir/src/main/go/$file"
}

# Go's -count and -benchtime follow JMH's -i (measurement iterations) and -r
# (measurement time) when given, so that a smoke run stays short; PREFIX_GO_COUNT and
# PREFIX_GO_BENCHTIME override them.
go_bench_settings() {
    local prefix="$1"
    shift
    local args=("$@") i
    go_count=5
    go_benchtime=1s
    for ((i = 0; i < ${#args[@]}; i++)); do
        case "${args[i]}" in
            -i) go_count="${args[i+1]:-$go_count}" ;;
            -r) go_benchtime="${args[i+1]:-$go_benchtime}" ;;
        esac
    done
    [[ "$go_benchtime" =~ ^[0-9]+$ ]] && go_benchtime="${go_benchtime}s"   # JMH's default unit is s
    local count_var="${prefix}_GO_COUNT" benchtime_var="${prefix}_GO_BENCHTIME"
    go_count="${!count_var:-$go_count}"
    go_benchtime="${!benchtime_var:-$go_benchtime}"
}

# Runs Go's own benchmarks RAN (names joined by |) of the standard library package
# GOROOT/src/PKG with go_count and go_benchtime, output to stdout and OUT; on failure
# says so and removes OUT (the table then has no Go column). FLAGS go to `go test`.
go_std_bench() {
    local script="$1" pkg="$2" ran="$3" out="$4"
    shift 4
    local goroot gocache
    goroot="$(go env GOROOT)"
    gocache="$(go_cache)"
    echo
    echo "$script: $(go version) in $goroot/src/$pkg: -bench '^Benchmark($ran)\$' -benchtime=$go_benchtime -count=$go_count" >&2
    # GOFLAGS is cleared so that a user's -mod=vendor or the like cannot break the
    # build of the standard library's tests.
    if ! (cd "$goroot/src/$pkg" &&
          GOCACHE="$gocache" GOFLAGS= go test "$@" -run '^$' -bench "^Benchmark($ran)\$" \
              -benchtime="$go_benchtime" -count="$go_count" . 2>&1) | tee "$out"; then
        echo "$script: go test failed; the table has no Go column" >&2
        rm -f "$out"
    fi
}

# Makes work, a temporary directory, and the EXIT trap that stops the client and the
# server the script started (client_pid, server_pid, empty when none runs) and removes
# work; INT and TERM exit through it.
start_work() {
    work="$(mktemp -d)"
    server_pid=""
    client_pid=""
    trap 'stop_pid "$client_pid"; stop_pid "$server_pid"; rm -rf "$work"' EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
}

# Kills what the script started (never anything else), bounded: TERM, then KILL after
# 5 s. An empty PID does nothing.
stop_pid() {
    local pid="$1" i
    [[ -n "$pid" ]] || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

# File descriptors: each side holds one per connection, plus the JVM's own. Raises the
# soft limit (to the hard one at worst) and says so.
raise_fds() {
    local conns="$1" need=$(($1 + 1024))
    (($(ulimit -n) < need)) || return 0
    if ulimit -n "$need" 2>/dev/null; then
        echo "$me: raised ulimit -n to $need for $conns connections" >&2
    else
        ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
        echo "$me: cannot raise ulimit -n to $need (hard limit $(ulimit -Hn), now $(ulimit -n));" \
            "runs with $conns connections may fail to open them all (see the errors column)" >&2
    fi
}

# Pinning needs taskset, both CPUs in this process's affinity, and two CPUs.
check_pinning() {
    local a="$1" b="$2" why=""
    [[ "$pin_modes" == *yes* ]] || return 0
    if ! command -v taskset >/dev/null; then
        why="taskset not found (util-linux)"
    elif ! taskset -c "$a" true 2>/dev/null || ! taskset -c "$b" true 2>/dev/null || [[ "$a" == "$b" ]]; then
        why="cannot pin to CPUs $a and $b (affinity: $(taskset -pc $$ 2>/dev/null | sed 's/.*: //'))"
    fi
    if [[ -n "$why" ]]; then
        echo "$me: $why: pinned runs skipped" >&2
        pin_modes="${pin_modes//yes/}"
    fi
}

# Ports: a /dev/tcp connect tells whether something listens already (bounded: 2 s).
port_busy() { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

# Sets port to next_port, or the next one after it (wrapping in 20000-29999, below the
# ephemeral range) that nothing listens on, and moves next_port on. The script sets
# next_port first (its *_PORT variable, or random in 20000-29999).
pick_port() {
    local tries
    for ((tries = 0; tries < 50; tries++)); do
        port=$next_port
        next_port=$((next_port >= 29999 ? 20000 : next_port + 1))
        port_busy "$port" || return 0
    done
    echo "$me: no free port found" >&2
    return 1
}

# Waits, at most SECS seconds, for the server PID (a child of this shell) to be up: it
# said "listening on" in LOG (its port accepts as soon as it is bound, before the line is
# out) and PORT accepts. Returns 0 then; 1 when the server exited first (reaped, its
# status in server_status); 2 when SECS passed.
await_server() {
    local pid="$1" log="$2" port="$3" deadline=$((SECONDS + $4))
    server_status=0
    while ((SECONDS < deadline)); do
        if ! kill -0 "$pid" 2>/dev/null; then
            wait "$pid" || server_status=$?
            return 1
        fi
        if grep -q 'listening on' "$log" && port_busy "$port"; then
            return 0
        fi
        sleep 0.1
    done
    return 2
}
