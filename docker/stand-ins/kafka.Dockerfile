# A local stand-in for apache/kafka, for bin/images verify on a machine that cannot pull it. A TEST FIXTURE: what runs
# in production is the upstream image. It keeps the part of the upstream contract docker-compose.yml uses:
# - every KAFKA_* variable becomes a broker setting (KAFKA_NODE_ID -> node.id, ___ -> '-', __ -> '_', _ -> '.'), and
#   then the bundled defaults are ignored; KAFKA_HEAP_OPTS and KAFKA_OPTS go to the JVM instead;
# - CLUSTER_ID formats the storage on the first start;
# - /opt/kafka/bin/kafka-broker-api-versions.sh for the health check; ports 9092 and 9093; user appuser (UID 1000).
# The broker is the same release's jars from Maven Central (bin/stack's kafka-pom.xml), not the distribution archive.
FROM eclipse-temurin:25-jre
RUN groupadd --gid 1000 appuser && useradd --uid 1000 --gid 1000 --no-create-home --home-dir /opt/kafka appuser \
    && mkdir -p /opt/kafka/config /var/lib/kafka/data && chown appuser:appuser /opt/kafka/config /var/lib/kafka/data
COPY libs/ /opt/kafka/libs/
COPY log4j2.yaml /opt/kafka/config/log4j2.yaml
# the scripts keep their executable bit from the repository (the legacy builder has no COPY --chmod)
COPY kafka-run.sh /etc/kafka/docker/run
COPY kafka-broker-api-versions.sh /opt/kafka/bin/kafka-broker-api-versions.sh
ENV PATH=/opt/kafka/bin:$PATH
USER appuser
VOLUME /var/lib/kafka/data
EXPOSE 9092 9093
ENTRYPOINT ["/etc/kafka/docker/run"]
