/**
 * Tests of the Helm chart ({@code helm/ferry}) and of the container image's Dockerfile, run with the real Helm
 * (helm-java bundles it as a native library): lint, render with default and non-trivial values, and read the
 * rendered manifests as YAML. Nothing here talks to a Kubernetes cluster.
 */
package io.ferry.helm;
