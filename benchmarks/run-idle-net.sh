#!/usr/bin/env bash
# run-idle-net.sh: what an echo server costs while it holds many idle connections (the
# netpoll issue's target: 10,000 idle connections under 1% of one core, and no thread
# per connection). For each server it starts it, has
# benchmarks/src/main/go/idle_conns.go open -c connections and make one round trip on
# each (so every connection's task has run and is parked in a read), waits 2 seconds
# for the server to settle, then reads the server's CPU time (/proc/PID/stat, utime +
# stime) over -seconds and its thread count (/proc/PID/status), and prints a table.
#
# Servers: those of run-net.sh (io.goroutines.benchmarks.net.EchoServer modes
# goroutine-net, goroutine-socket, vthread-socket, platform-socket, and go-net).
#
# Usage: benchmarks/run-idle-net.sh [-c 10000] [-seconds 10] [-servers "go-net goroutine-net ..."]
#
# Needs Go (the client and Go's server); raises ulimit -n for the connections. Every
# wait is bounded; an EXIT trap stops what it started. Linux only.
set -euo pipefail

bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_dir="$(dirname "$bench_dir")"
# shellcheck source=lib.sh
source "$bench_dir/lib.sh"

me=run-idle-net.sh
conns=10000
seconds=10
servers="go-net goroutine-net goroutine-socket vthread-socket"
while (($#)); do
    case "${1#-}" in
        c) conns="${2:?-c needs a value}"; shift ;;
        seconds) seconds="${2:?-seconds needs a value}"; shift ;;
        servers) servers="${2:?-servers needs a value}"; shift ;;
        h | help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "$me: unknown flag $1 (see -help)" >&2; exit 2 ;;
    esac
    shift
done
[[ "$conns" =~ ^[1-9][0-9]*$ && "$seconds" =~ ^[1-9][0-9]*$ ]] || { echo "$me: -c and -seconds take positive integers" >&2; exit 2; }
command -v go >/dev/null || { echo "$me: go not found on PATH: skipping" >&2; exit 0; }

start_work
ensure_jar "$me"
go_bin="$bench_dir/target/go-bin"
go_build_program idle_conns.go "$go_bin/idle_conns"
go_build_program echo_server.go "$go_bin/echo_server"
raise_fds "$conns"
hz=$(getconf CLK_TCK)
results="$work/results"
: >"$results"
next_port=$((20000 + RANDOM % 10000))

for server in $servers; do
    pick_port
    log="$work/$server.log"
    case "$server" in
        go-net) "$go_bin/echo_server" -addr "127.0.0.1:$port" >"$log" 2>&1 & ;;
        goroutine-net | goroutine-socket | vthread-socket | platform-socket)
            "$JAVA" --add-opens java.base/java.lang=ALL-UNNAMED -cp "$jar" io.goroutines.benchmarks.net.EchoServer \
                -mode "$server" -addr 127.0.0.1 -port "$port" >"$log" 2>&1 & ;;
        *) echo "$me: unknown server $server" >&2; exit 2 ;;
    esac
    server_pid=$!
    if ! await_server "$server_pid" "$log" "$port" 30; then
        echo "$server failed to start" >>"$results"
        tail -n 5 "$log" >&2
        stop_pid "$server_pid"; server_pid=""
        continue
    fi
    out="$work/client.out"
    timeout -k 5 $((seconds + 120)) "$go_bin/idle_conns" -addr "127.0.0.1:$port" -c "$conns" -hold $((seconds + 4)) >"$out" 2>&1 &
    client_pid=$!
    for ((i = 0; i < 1200; i++)); do
        grep -q READY "$out" && break
        kill -0 "$client_pid" 2>/dev/null || break
        sleep 0.1
    done
    if ! grep -q READY "$out"; then
        echo "$server failed: $(tail -n 1 "$out")" >>"$results"
    else
        sleep 2   # let the server settle after the last round trip
        read -r -a st <"/proc/$server_pid/stat"
        t0=$((st[13] + st[14]))
        sleep "$seconds"
        read -r -a st <"/proc/$server_pid/stat"
        t1=$((st[13] + st[14]))
        threads=$(awk '/^Threads:/ {print $2}' "/proc/$server_pid/status")
        awk -v s="$server" -v c="$conns" -v d=$((t1 - t0)) -v hz="$hz" -v secs="$seconds" -v th="$threads" \
            'BEGIN { printf "%s %d %.2f %d\n", s, c, 100 * d / hz / secs, th }' >>"$results"
    fi
    stop_pid "$client_pid"; client_pid=""
    stop_pid "$server_pid"; server_pid=""
done

echo
echo "$me: $conns idle connections, server CPU over ${seconds}s (utime+stime, % of one core), threads at the end"
awk 'BEGIN { printf "%-17s %7s %10s %8s\n", "server", "conns", "cpu %", "threads" }
     NF == 4 { printf "%-17s %7s %10s %8s\n", $1, $2, $3, $4; next }
     { print }' "$results"
