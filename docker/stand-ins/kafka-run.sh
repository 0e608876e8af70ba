#!/usr/bin/env bash
# The stand-in broker's start (see kafka.Dockerfile): the settings from KAFKA_* variables, storage formatted once.
set -euo pipefail
props=/opt/kafka/config/server.properties
: > "$props"
while IFS='=' read -r name _; do
  case "$name" in
    KAFKA_HEAP_OPTS|KAFKA_OPTS|KAFKA_JVM_PERFORMANCE_OPTS|KAFKA_GC_LOG_OPTS|KAFKA_LOG4J_OPTS|KAFKA_JMX_OPTS|KAFKA_DEBUG) ;;
    KAFKA_*)
      key="${name#KAFKA_}"; key="${key,,}"; key="${key//___/-}"; key="${key//__/@}"; key="${key//_/.}"; key="${key//@/_}"
      printf '%s=%s\n' "$key" "${!name}" >> "$props" ;;
  esac
done < <(env)
classpath='/opt/kafka/libs/*'
logging=-Dlog4j2.configurationFile=/opt/kafka/config/log4j2.yaml
java -Xmx256m -cp "$classpath" "$logging" kafka.tools.StorageTool format --ignore-formatted \
  --cluster-id "${CLUSTER_ID:?CLUSTER_ID names the cluster the storage is formatted for}" --config "$props"
# word splitting wanted: the options are a list, as in Kafka's own start script
# shellcheck disable=SC2086
exec java ${KAFKA_HEAP_OPTS:--Xmx1g} ${KAFKA_OPTS:-} -cp "$classpath" "$logging" kafka.Kafka "$props"
