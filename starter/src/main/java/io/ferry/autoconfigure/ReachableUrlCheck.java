package io.ferry.autoconfigure;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With a real cluster, agents on other machines fetch the executor and the app's classes from
 * {@code ferry.advertised-url}. A loopback address there (written, or what the host name resolves to — many systems
 * map their own name to 127.0.x.1) reaches only this machine: every executor would fail to start. Said once at
 * start-up, as a warning rather than a failure, since a master on this machine has its agents here too, and a host
 * name may resolve differently where the agents are.
 */
final class ReachableUrlCheck {

    private static final Logger log = LoggerFactory.getLogger(ReachableUrlCheck.class);

    private ReachableUrlCheck() {
    }

    /** Warns about a loopback advertised URL in remote mode; fails if the default one has no host name. */
    static void check(FerryProperties p, ConfiguredValues values) {
        if (p.localMode() || loopback(p.mesos().master().getHost()).isPresent()) {
            return;
        }
        URI advertised = p.advertisedUrl();
        if (advertised != null) {
            loopback(advertised.getHost()).ifPresent(address -> log.warn("ferry.advertised-url={} is a loopback"
                    + " address ({}) that agents on other machines cannot reach: executors will not start there;"
                    + " set ferry.advertised-url to a URL they reach", values.written("ferry.advertised-url",
                    advertised), address));
            return;
        }
        String host = FerryAutoConfiguration.hostName();
        loopback(host).ifPresent(address -> log.warn("ferry.advertised-url is not set, and its default"
                + " http://{}:<port> is a loopback address ({}) that agents on other machines cannot reach: executors"
                + " will not start there; set ferry.advertised-url to a URL they reach", host, address));
    }

    /** The loopback addresses {@code host} resolves to, if it resolves to nothing else. */
    static Optional<String> loopback(String host) {
        if (host == null || host.isBlank()) {
            return Optional.empty();
        }
        try {
            InetAddress[] addresses = InetAddress.getAllByName(host);
            if (Arrays.stream(addresses).allMatch(InetAddress::isLoopbackAddress)) {
                return Optional.of(Arrays.stream(addresses).map(InetAddress::getHostAddress).distinct()
                        .collect(Collectors.joining(", ")));
            }
            return Optional.empty();
        } catch (UnknownHostException unresolved) {
            // Not resolvable here says nothing about the agents' network.
            return Optional.empty();
        }
    }
}
