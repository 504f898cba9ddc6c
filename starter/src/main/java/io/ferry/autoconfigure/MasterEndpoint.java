package io.ferry.autoconfigure;

import java.net.URI;

/**
 * The Mesos master Ferry subscribes to: the configured one, or the embedded local cluster's.
 *
 * @param url   the master's base URL
 * @param local whether it is the embedded local cluster
 */
public record MasterEndpoint(URI url, boolean local) {
}
