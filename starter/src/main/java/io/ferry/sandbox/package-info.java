/**
 * Reads files in executors' sandboxes through an agent's {@code /files/read} and {@code /files/download}
 * (docs/mesos-notes.md §7), the same way from a real Mesos agent and from the local cluster's: the one client the
 * scheduler (an executor's stderr when it dies) and the app (executors' logs) share. Plain HTTP and JSON: it knows
 * no Mesos protos, no Spring and no other Ferry package.
 */
package io.ferry.sandbox;
