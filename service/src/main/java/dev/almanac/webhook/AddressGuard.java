package dev.almanac.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Keeps webhooks off the operator's own network (SSRF). A URL must be http(s) with a host, and every
 * address its host resolves to must be public: not loopback, private (RFC 1918), carrier-grade NAT,
 * link-local (cloud metadata at 169.254.169.254), unique-local IPv6, multicast or unspecified. Checked
 * when a webhook is registered and again before each attempt, since DNS answers change, and each
 * attempt connects to the address that was checked ({@link #pin}, {@link PinnedPost}), so a second
 * lookup cannot answer differently (DNS rebinding); redirects are never followed, so a public receiver
 * cannot bounce a delivery inward.
 */
final class AddressGuard {
    private final boolean allowPrivate;
    private final Resolver resolver;

    /** How a host name becomes addresses: the system's DNS, or in tests one that changes its answer. */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] lookup(String host) throws UnknownHostException;
    }

    AddressGuard(boolean allowPrivate) {
        this(allowPrivate, InetAddress::getAllByName);
    }

    AddressGuard(boolean allowPrivate, Resolver resolver) {
        this.allowPrivate = allowPrivate;
        this.resolver = resolver;
    }

    /** A URL that passed the check and the address to connect to for it (see {@link PinnedPost}). */
    record Pinned(URI uri, InetAddress address) {}

    /** {@link #check} that keeps what the host resolved to: the caller must connect to that address, not look again. */
    Pinned pin(String url) {
        URI uri = parse(url);
        return new Pinned(uri, resolve(uri.getHost()).getFirst());
    }

    /** The parsed URL, or {@link Refused} saying why it may not be used. */
    URI check(String url) {
        URI uri = parse(url);
        resolve(uri.getHost());
        return uri;
    }

    private static URI parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (Exception e) {
            throw new Refused("not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) throw new Refused("only http and https URLs are allowed");
        if (uri.getHost() == null || uri.getHost().isBlank()) throw new Refused("the URL has no host");
        if (uri.getRawUserInfo() != null) throw new Refused("credentials in the URL are not allowed; use the secret");
        if (uri.getRawFragment() != null) throw new Refused("the URL must not have a fragment");
        return uri;
    }

    /** The host's addresses, all of them allowed, or {@link Refused}. */
    List<InetAddress> resolve(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses;
        try {
            addresses = resolver.lookup(bare);
        } catch (UnknownHostException e) {
            throw new Refused("the host " + host + " does not resolve");
        }
        if (!allowPrivate) {
            for (InetAddress a : addresses) {
                if (isInternal(a)) {
                    throw new Refused("the host " + host + " resolves to " + a.getHostAddress()
                            + ", a private, loopback or link-local address (set ALMANAC_WEBHOOKS_ALLOWPRIVATENETWORKS=true to allow)");
                }
            }
        }
        if (addresses.length == 0) throw new Refused("the host " + host + " does not resolve");
        return List.of(addresses);
    }

    static boolean isInternal(InetAddress a) {
        if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff, second = b[1] & 0xff;
            return first == 0 // "this network"
                    || (first == 100 && second >= 64 && second < 128) // carrier-grade NAT
                    || (first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
                    || (first == 198 && (second == 18 || second == 19)) // benchmarking
                    || first >= 240; // reserved and broadcast
        }
        if (a instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) return true; // unique-local fc00::/7
            if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0xc0) return true; // old site-local fec0::/10
            // IPv4-mapped (::ffff:a.b.c.d) and NAT64 (64:ff9b::a.b.c.d): judge the embedded IPv4 address
            boolean mapped = isZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
            boolean nat64 = (b[0] & 0xff) == 0 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b
                    && isZero(b, 4, 12);
            if (mapped || nat64) {
                try {
                    return isInternal(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) if (b[i] != 0) return false;
        return true;
    }

    /** A URL or address a webhook may not use; the message says why, for the API and the delivery log. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }
}
