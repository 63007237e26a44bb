package io.goroutines.impl.net;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Networks and addresses as Go's net package reads and prints them (net/ipsock.go
 * {@code SplitHostPort}, {@code JoinHostPort}; net/port.go {@code parsePort}; the
 * {@code String} methods of {@code TCPAddr} and {@code IP}).
 */
final class Addrs {

    private Addrs() {
    }

    /** {@code tcp}, {@code tcp4} or {@code tcp6}. */
    enum Network {
        TCP(null), TCP4(StandardProtocolFamily.INET), TCP6(StandardProtocolFamily.INET6);

        /** The family a socket of this network is opened with; null: the JDK's default (dual stack when it can). */
        final ProtocolFamily family;

        Network(ProtocolFamily family) {
            this.family = family;
        }

        boolean accepts(InetAddress a) {
            return switch (this) {
                case TCP -> true;
                case TCP4 -> a instanceof Inet4Address;
                case TCP6 -> a instanceof Inet6Address;
            };
        }
    }

    /**
     * Go's check of the network name.
     *
     * @param op {@code "listen"} or {@code "dial"}, for the message
     * @throws IOException Go's {@code "listen tcpx: unknown network tcpx"}
     */
    static Network network(String op, String network) throws IOException {
        return switch (network) {
            case "tcp" -> Network.TCP;
            case "tcp4" -> Network.TCP4;
            case "tcp6" -> Network.TCP6;
            default -> throw new IOException(op + " " + network + ": unknown network " + network);
        };
    }

    /** A split {@code host:port}; {@code host} is empty for {@code ":port"}, without brackets for IPv6. */
    record HostPort(String host, int port) {
    }

    /**
     * Go's {@code SplitHostPort} then {@code parsePort}. Messages are Go's
     * {@code AddrError} text ({@code "address 1234: missing port in address"}), to be
     * prefixed by the caller with {@code "listen tcp: "} or {@code "dial tcp: "}.
     */
    static HostPort split(String hostport) throws AddrException {
        int colon = hostport.lastIndexOf(':');
        if (colon < 0) {
            throw new AddrException("missing port in address", hostport);
        }
        String host;
        int openFrom = 0;
        int closeFrom = 0;
        if (hostport.startsWith("[")) {
            int end = hostport.indexOf(']');
            if (end < 0) {
                throw new AddrException("missing ']' in address", hostport);
            }
            if (end + 1 == hostport.length()) {
                throw new AddrException("missing port in address", hostport);
            }
            if (end + 1 != colon) {
                throw new AddrException(hostport.charAt(end + 1) == ':'
                        ? "too many colons in address" : "missing port in address", hostport);
            }
            host = hostport.substring(1, end);
            openFrom = 1;
            closeFrom = end + 1;
        } else {
            host = hostport.substring(0, colon);
            if (host.indexOf(':') >= 0) {
                throw new AddrException("too many colons in address", hostport);
            }
            if (host.indexOf('%') >= 0) {
                throw new AddrException("missing brackets in address", hostport);
            }
        }
        if (hostport.indexOf('[', openFrom) >= 0) {
            throw new AddrException("unexpected '[' in address", hostport);
        }
        if (hostport.indexOf(']', closeFrom) >= 0) {
            throw new AddrException("unexpected ']' in address", hostport);
        }
        return new HostPort(host, port(hostport.substring(colon + 1)));
    }

    /** Go's parsePort for decimal ports (service names are not looked up). */
    private static int port(String s) throws AddrException {
        if (s.isEmpty()) {
            return 0; // Go: an empty port is port 0
        }
        long p = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new AddrException(null, "lookup tcp/" + s + ": unknown port");
            }
            p = Math.min(p * 10 + (c - '0'), 1L << 20);
        }
        if (p > 0xFFFF) {
            throw new AddrException("invalid port", s);
        }
        return (int) p;
    }

    /**
     * Resolves {@code host} (a literal or a name) to the addresses {@code nw} accepts,
     * in the resolver's order.
     *
     * @throws AddrException Go's {@code "lookup h: no such host"} or
     *                       {@code "address h: no suitable address found"}
     */
    static List<InetAddress> resolve(Network nw, String host) throws AddrException {
        InetAddress[] all;
        try {
            all = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new AddrException(null, "lookup " + host + ": no such host");
        }
        List<InetAddress> ok = new ArrayList<>();
        for (InetAddress a : all) {
            if (nw.accepts(a)) {
                ok.add(a);
            }
        }
        if (ok.isEmpty()) {
            throw new AddrException("no suitable address found", host);
        }
        return ok;
    }

    /** Go's {@code TCPAddr.String()}: {@code 127.0.0.1:80}, {@code [::1]:80}, {@code :80} for no IP. */
    static String string(InetSocketAddress a) {
        if (a == null) {
            return "<nil>";
        }
        InetAddress ip = a.getAddress();
        if (ip == null) {
            return a.getHostString() + ":" + a.getPort();
        }
        return ip instanceof Inet6Address v6
                ? "[" + ipv6(v6) + "]:" + a.getPort()
                : ip.getHostAddress() + ":" + a.getPort();
    }

    /** An IPv6 address in the shortest form (RFC 5952, as Go's {@code IP.String} prints it), with its zone. */
    static String ipv6(Inet6Address a) {
        byte[] b = a.getAddress();
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestAt = -1;
        int bestLen = 1; // a single zero group is not shortened
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestAt = i;
                bestLen = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestAt) {
                s.append("::");
                i += bestLen - 1;
                continue;
            }
            if (s.length() > 0 && s.charAt(s.length() - 1) != ':') {
                s.append(':');
            }
            s.append(Integer.toHexString(g[i]));
        }
        if (a.getScopeId() != 0 || a.getScopedInterface() != null) {
            s.append('%').append(a.getScopedInterface() != null ? a.getScopedInterface().getName() : a.getScopeId());
        }
        return s.toString();
    }

    /** Go's {@code AddrError} (or a lookup error when {@code err} is null): the message without the op prefix. */
    static final class AddrException extends Exception {
        private static final long serialVersionUID = 1L;

        AddrException(String err, String addr) {
            super(err == null ? addr : "address " + addr + ": " + err, null, false, false);
        }
    }
}
