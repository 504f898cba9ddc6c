package io.ferry.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rendered manifests applied to a Kubernetes API server and read back through Kubernetes' typed model. The
 * server is Fabric8's mock in CRUD mode, which stores what it is given: it checks no schema and runs no controller,
 * so what is checked is that every object reads as its kind with no field Kubernetes does not know
 * ({@link UnknownFields}), and comes back as applied. No real API server is to be had here: one would need its
 * binaries downloaded or a cluster.
 */
@EnableKubernetesMockClient(crud = true)
class ChartAppliedTest {

    /** The Prometheus Operator's custom resource, which a cluster knows from its CRD and the client from this. */
    private static final ResourceDefinitionContext SERVICE_MONITORS = new ResourceDefinitionContext.Builder()
            .withGroup("monitoring.coreos.com").withVersion("v1").withKind("ServiceMonitor")
            .withPlural("servicemonitors").withNamespaced(true).build();

    static KubernetesClient client;

    @Test
    void defaultsApplyAsKubernetesObjects() {
        List<HasMetadata> applied = apply(RenderedChart.renderDefaults());

        assertThat(applied).extracting(HasMetadata::getKind)
                .containsExactlyInAnyOrder("Deployment", "Secret", "Service", "ServiceAccount");
        Deployment deployment = client.apps().deployments().inNamespace(RenderedChart.NAMESPACE)
                .withName("prod-ferry").get();
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container container = pod.getContainers().get(0);
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
        assertThat(container.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
        assertThat(client.secrets().inNamespace(RenderedChart.NAMESPACE).withName("prod-ferry").get().getData())
                .containsOnlyKeys("operator-password");
    }

    @Test
    void everyOptionalPartAppliesAsKubernetesObjects() {
        List<HasMetadata> applied = apply(RenderedChart.render(
                c -> c.withValuesFile(RenderedChart.resource("values-production.yaml"))));

        assertThat(applied).extracting(HasMetadata::getKind).containsExactlyInAnyOrder("Deployment", "Ingress",
                "PersistentVolumeClaim", "Service", "ServiceAccount", "ServiceMonitor");
        assertThat(client.network().v1().ingresses().inNamespace(RenderedChart.NAMESPACE).withName("ferry-scheduler")
                .get().getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend().getService().getName())
                .isEqualTo("ferry-scheduler");
        GenericKubernetesResource monitor = client.genericKubernetesResources(SERVICE_MONITORS)
                .inNamespace(RenderedChart.NAMESPACE).withName("ferry-scheduler").get();
        assertThat(monitor.<String>get("spec", "endpoints", 0, "path")).isEqualTo("/actuator/prometheus");
        assertThat(client.persistentVolumeClaims().inNamespace(RenderedChart.NAMESPACE)
                .withName("ferry-scheduler-state").get().getSpec().getResources().getRequests().get("storage"))
                .hasToString("1Gi");
    }

    @Test
    void aFieldKubernetesDoesNotKnowIsFound() {
        // The check above can fail: a misplaced key (readOnlyRootFilesystem at the container, not its
        // securityContext) is reported with its path.
        String manifest = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: broken}
                spec:
                  template:
                    spec:
                      containers:
                        - name: ferry
                          image: ferry
                          readOnlyRootFilesystem: true
                """;
        HasMetadata object = client.load(stream(manifest)).items().get(0);

        assertThat(UnknownFields.of(object))
                .containsExactly("Deployment.spec.template.spec.containers[0].readOnlyRootFilesystem");
    }

    /** Creates every rendered object in the server; each must read with no unknown field, and come back. */
    private static List<HasMetadata> apply(RenderedChart chart) {
        List<HasMetadata> objects = client.load(stream(chart.text())).items();
        assertThat(objects).hasSameSizeAs(chart.objects());
        for (HasMetadata object : objects) {
            assertThat(UnknownFields.of(object)).as("fields of %s Kubernetes does not know", object.getKind())
                    .isEmpty();
            assertThat(object instanceof GenericKubernetesResource)
                    .as("%s read as a typed object", object.getKind())
                    .isEqualTo(object.getKind().equals("ServiceMonitor"));
            HasMetadata created = object instanceof GenericKubernetesResource custom
                    ? client.genericKubernetesResources(SERVICE_MONITORS).inNamespace(RenderedChart.NAMESPACE)
                            .resource(custom).create()
                    : client.resource(object).inNamespace(RenderedChart.NAMESPACE).create();
            assertThat(created.getMetadata().getName()).isEqualTo(object.getMetadata().getName());
        }
        return objects;
    }

    private static ByteArrayInputStream stream(String yaml) {
        return new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8));
    }
}
