#!/usr/bin/env bash
# run-net.sh: TCP echo servers under the same closed-loop load. For each server and each
# connection count it starts the server on 127.0.0.1, waits (bounded) until its port
# accepts, runs benchmarks/src/main/go/echo_load.go against it (C connections, each
# sending a 64-byte message and reading its echo, again and again: WARMUP seconds, then
# DURATION seconds measured), stops the server, and at the end prints a table: server,
# connections, pinned or not, requests per second, p50 and p99 latency, errors.
#
# Servers (-servers, in this order by default):
#   go-net            benchmarks/src/main/go/echo_server.go: Go's net, a goroutine per
#                     connection, parked on Go's network poller (the reference)
#   goroutine-socket  io.goroutines.benchmarks.net.EchoServer: Go.go per connection,
#                     java.net.Socket I/O (the JDK's poller wakes our goroutines)
#   vthread-socket    the same with a JDK virtual thread per connection
#   platform-socket   the same with a platform thread per connection
#   goroutine-net     reserved for io.goroutines.net; skipped (with the server's own
#                     message) while io.goroutines.net.Net is not on the class path
#
# Pinned runs (the default) put the server on CPU NET_SERVER_CPU (0) and the load
# generator on CPU NET_CLIENT_CPU (1) with taskset -c, so each sees one processor: the
# JVM then picks the Serial GC, and GOMAXPROCS (Go's and the goroutines runtime's) is
# 1. -unpinned adds the same runs without taskset. On a machine shared with other work
# (builds, other benchmarks) the numbers are indicative only.
#
# Usage: benchmarks/run-net.sh [-c "100 1000"] [-big] [-duration 5] [-warmup 1]
#                              [-unpinned] [-unpinned-only] [-servers "go-net ..."]
#                              [-buf 4096] [-size 64]
#   -c          connection counts (space- or comma-separated)
#   -big        adds 10000 connections (raises ulimit -n where it can, says so if not)
#   -duration   seconds measured per run; -warmup: seconds of load before it
#   -unpinned   runs every case pinned, then unpinned; -unpinned-only: unpinned only
#   -buf        the servers' read buffer; -size: bytes per message of the client
#
# Environment:
#   JAVA_HOME        used when it is a JDK 21+; else the newest 21+ under /usr/lib/jvm
#   NET_SERVER_CPU   CPU of the server when pinned (0); NET_CLIENT_CPU: the client's (1)
#   NET_PORT         first port to try (default: random in 20000-29999, below the
#                    ephemeral range); each run takes a port that nothing listens on
#   NET_START_TIMEOUT  seconds a server may take to accept (30)
#
# Without a Go toolchain nothing runs (the load generator is Go): the script says so
# and exits 0. Builds benchmarks/target/benchmarks.jar when it is missing or lacks
# EchoServer, and the Go programs into benchmarks/target/go-bin. Every wait is bounded,
# and an EXIT trap kills the server and client it started. Linux only (taskset,
# /dev/tcp probes).
set -euo pipefail

bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_dir="$(dirname "$bench_dir")"

# shellcheck source=lib.sh
source "$bench_dir/lib.sh"   # JAVA, jar, ensure_jar, go_build_program, ...

me=run-net.sh
counts="100 1000"
big=0
duration=5
warmup=1
pin_modes="yes"
servers="go-net goroutine-socket vthread-socket platform-socket goroutine-net"
buf=4096
size=64
while (($#)); do
    flag="${1#-}"
    flag="${flag#-}"
    case "$flag" in
        c) counts="${2:?-c needs a value}"; shift ;;
        big) big=1 ;;
        duration) duration="${2:?-duration needs a value}"; shift ;;
        warmup) warmup="${2:?-warmup needs a value}"; shift ;;
        unpinned) pin_modes="yes no" ;;
        unpinned-only) pin_modes="no" ;;
        servers) servers="${2:?-servers needs a value}"; shift ;;
        buf) buf="${2:?-buf needs a value}"; shift ;;
        size) size="${2:?-size needs a value}"; shift ;;
        h | help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "$me: unknown flag $1 (see -help)" >&2; exit 2 ;;
    esac
    shift
done
counts="${counts//,/ }"
((big)) && counts="$counts 10000"
for n in $counts; do
    [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "$me: -c takes positive integers, not '$n'" >&2; exit 2; }
done
[[ "$duration" =~ ^[0-9]+([.][0-9]+)?$ && "$warmup" =~ ^[0-9]+([.][0-9]+)?$ ]] ||
    { echo "$me: -duration and -warmup take seconds" >&2; exit 2; }
for s in $servers; do
    case "$s" in
        go-net | goroutine-socket | vthread-socket | platform-socket | goroutine-net) ;;
        *) echo "$me: unknown server $s" >&2; exit 2 ;;
    esac
done

if ! command -v go >/dev/null; then
    echo "$me: go not found on PATH: the load generator (benchmarks/src/main/go/echo_load.go)" \
        "and Go's echo server are Go programs, so nothing can run; skipping" >&2
    exit 0
fi

start_work   # work, server_pid, client_pid, and the EXIT trap that stops them

# Builds: the jar (only for Java servers), then the two Go programs.
needs_java=0
for s in $servers; do [[ "$s" != go-net ]] && needs_java=1; done
if ((needs_java)); then
    ensure_jar "$me"
    if ! grep -aq 'io/goroutines/benchmarks/net/EchoServer.class' "$jar"; then
        echo "$me: $jar has no EchoServer (built before it), rebuilding" >&2
        (cd "$repo_dir" && mvn -B -q -pl benchmarks -am package -DskipTests)
    fi
    echo "$me: $("$JAVA" -version 2>&1 | head -n 1)" >&2
fi
go_bin="$bench_dir/target/go-bin"
go_build_program echo_load.go "$go_bin/echo_load"
go_build_program echo_server.go "$go_bin/echo_server"
echo "$me: $(go version)" >&2

max_conns=0
for n in $counts; do ((n > max_conns)) && max_conns=$n; done
raise_fds "$max_conns"

server_cpu="${NET_SERVER_CPU:-0}"
client_cpu="${NET_CLIENT_CPU:-1}"
check_pinning "$server_cpu" "$client_cpu"
[[ -n "${pin_modes// /}" ]] || { echo "$me: nothing to run" >&2; exit 1; }

next_port=${NET_PORT:-$((20000 + RANDOM % 10000))}   # pick_port's first try

start_timeout="${NET_START_TIMEOUT:-30}"
# Client bound: dials (10 s each at worst, 64 at a time) + warm-up + duration + grace.
client_timeout=$(awk -v w="$warmup" -v d="$duration" -v n="$max_conns" \
    'BEGIN { printf "%d", w + d + 5 + 10 * (1 + n / 64) + 30 }')
results="$work/results"
: >"$results"
declare -A skipped=()

# run_case SERVER CONNS PINNED: one line in $results, "SERVER CONNS PINNED STATUS [RESULT ...]".
run_case() {
    local server="$1" conns="$2" pinned="$3"
    local log="$work/$server-$conns-$pinned.log" srv_prefix=() cli_prefix=() cmd=() i status
    if [[ "$pinned" == yes ]]; then
        srv_prefix=(taskset -c "$server_cpu")
        cli_prefix=(taskset -c "$client_cpu")
    fi
    pick_port
    case "$server" in
        go-net) cmd=("$go_bin/echo_server" -addr "127.0.0.1:$port" -buf "$buf") ;;
        *) cmd=("$JAVA" --add-opens java.base/java.lang=ALL-UNNAMED -cp "$jar"
                io.goroutines.benchmarks.net.EchoServer -mode "$server" -addr 127.0.0.1 -port "$port" -buf "$buf") ;;
    esac
    echo
    echo "== $server, $conns connections, pinned: $pinned, port $port"
    "${srv_prefix[@]}" "${cmd[@]}" >"$log" 2>&1 &
    server_pid=$!

    local not_up=0   # 1: the server exited, 2: it did not accept in time
    await_server "$server_pid" "$log" "$port" "$start_timeout" || not_up=$?
    if ((not_up == 1)); then
        server_pid=""
        status=$server_status
        if ((status == 3)); then
            local why
            why="$(grep -m1 'not available\|update EchoServer' "$log" || echo "exit status 3")"
            echo "$why"
            echo "$server $conns $pinned skipped ${why#*: }" >>"$results"
            skipped[$server]="${why#*: }"
        else
            echo "$me: $server exited with status $status before accepting:" >&2
            tail -n 20 "$log" >&2
            echo "$server $conns $pinned failed server exited ($status) before accepting" >>"$results"
        fi
        return 0
    elif ((not_up == 2)); then
        echo "$me: $server did not accept on port $port within ${start_timeout}s" >&2
        stop_pid "$server_pid"
        server_pid=""
        echo "$server $conns $pinned failed no accept within ${start_timeout}s" >>"$results"
        return 0
    fi

    local out="$work/client.out"
    timeout -k 5 "$client_timeout" "${cli_prefix[@]}" "$go_bin/echo_load" -addr "127.0.0.1:$port" -c "$conns" \
        -size "$size" -duration "$duration" -warmup "$warmup" >"$out" 2>&1 &
    client_pid=$!
    status=0
    wait "$client_pid" || status=$?
    client_pid=""
    grep -v '^WARNING: ' "$log" | head -n 5 || true   # the server's first lines, now whole
    cat "$out"
    stop_pid "$server_pid"
    server_pid=""
    local result
    result="$(grep -m1 '^RESULT ' "$out" || true)"
    if [[ -n "$result" ]]; then
        echo "$server $conns $pinned ok $result" >>"$results"
    else
        echo "$me: the load generator failed (status $status)" >&2
        echo "$server $conns $pinned failed load generator status $status" >>"$results"
    fi
}

for pinned in $pin_modes; do
    for server in $servers; do
        for conns in $counts; do
            if [[ -n "${skipped[$server]:-}" ]]; then
                echo "$server $conns $pinned skipped ${skipped[$server]}" >>"$results"
                continue
            fi
            run_case "$server" "$conns" "$pinned"
        done
    done
done

# The table.
echo
echo "$me: ${duration}s measured after ${warmup}s of warm-up, ${size}-byte messages, server buffer ${buf} bytes;" \
    "pinned: server on CPU $server_cpu, load generator on CPU $client_cpu"
awk '
    function lat(us) { return us >= 1000 ? sprintf("%.2f ms", us / 1000) : sprintf("%.1f us", us) }
    BEGIN {
        printf "%-17s %6s %6s %10s %11s %11s %7s\n", "server", "conns", "pinned", "req/s", "p50", "p99", "errors"
    }
    {
        if ($4 != "ok") {
            reason = ""
            for (i = 5; i <= NF; i++) reason = reason (i > 5 ? " " : "") $i
            printf "%-17s %6s %6s %s: %s\n", $1, $2, $3, $4, reason
            next
        }
        delete f
        for (i = 6; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
        errs = f["errors"]
        if (f["open"] != f["conns"]) errs = errs " (" f["open"] "/" f["conns"] " open)"
        printf "%-17s %6s %6s %10s %11s %11s %7s\n", $1, $2, $3, f["rps"], lat(f["p50_us"]), lat(f["p99_us"]), errs
    }
' "$results"
echo "(indicative only: one run each, on a machine shared with other work; latency from" \
    "write to the whole echo read, per request, from a histogram within 1/64)"
if grep -q ' failed ' "$results"; then
    exit 1
fi
