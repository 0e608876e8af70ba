#!/usr/bin/env bash
# The stand-in's health command (see kafka.Dockerfile): the same tool the upstream script runs.
# shellcheck disable=SC2086
exec java ${KAFKA_HEAP_OPTS:--Xmx64m} -cp '/opt/kafka/libs/*' -Dlog4j2.configurationFile=/opt/kafka/config/log4j2.yaml \
  org.apache.kafka.tools.BrokerApiVersionsCommand "$@"
