# The Ferry app's image: the jar the build makes (target/ferry.jar), split into Spring Boot's layers on a JRE 17.
#   ./mvnw -q -DskipTests package && docker build -t ferry:0.1.0-SNAPSHOT .
# The jar is built outside, not in a stage here: the build needs Node.js for the dashboard as well as a JDK, and
# the Maven wrapper's downloads, none of which belong in an image. The Helm chart (helm/ferry) runs this image.

# Split the jar into its layers (Spring Boot reference, "Efficient Container Images"): dependencies change
# seldom, the application's classes every build, so a rebuild replaces only the last layer.
FROM eclipse-temurin:17-jre AS layers
WORKDIR /layers
COPY target/ferry.jar ferry.jar
RUN java -Djarmode=tools -jar ferry.jar extract --layers --launcher --destination extracted

FROM eclipse-temurin:17-jre
# A fixed uid and gid, the chart's podSecurityContext: Kubernetes can check runAsNonRoot only for a numeric user.
RUN groupadd --system --gid 10001 ferry \
    && useradd --system --uid 10001 --gid 10001 --home-dir /nonexistent --no-create-home \
        --shell /usr/sbin/nologin ferry \
    && mkdir -p /var/lib/ferry \
    && chown 10001:10001 /var/lib/ferry
WORKDIR /app
COPY --from=layers /layers/extracted/dependencies/ ./
COPY --from=layers /layers/extracted/spring-boot-loader/ ./
COPY --from=layers /layers/extracted/snapshot-dependencies/ ./
COPY --from=layers /layers/extracted/application/ ./
USER 10001:10001
# The framework id between restarts (ferry.mesos.state-dir): the chart mounts a volume here, and the app's
# directory stays read-only. The JVM and Tomcat write only to /tmp.
ENV FERRY_MESOS_STATEDIR=/var/lib/ferry
VOLUME ["/var/lib/ferry", "/tmp"]
EXPOSE 8080
# No HEALTHCHECK: Kubernetes ignores it and uses the chart's probes on /actuator/health/liveness and /readiness;
# the image would otherwise need an HTTP client of its own only for that.
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
