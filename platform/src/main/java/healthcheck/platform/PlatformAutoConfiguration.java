package healthcheck.platform;

import com.zaxxer.hikari.HikariDataSource;
import healthcheck.platform.faults.RelayDelayFault;
import healthcheck.platform.health.DatabaseHealthIndicator;
import healthcheck.platform.health.DrainBeforeShutdown;
import healthcheck.platform.housekeeping.EmbeddedStoreCompaction;
import healthcheck.platform.housekeeping.ExpiringRows;
import healthcheck.platform.housekeeping.Housekeeping;
import healthcheck.platform.housekeeping.HsqldbTablesOnDisk;
import healthcheck.platform.inbox.ConsumerFailureHandling;
import healthcheck.platform.inbox.ConsumersStopTogether;
import healthcheck.platform.inbox.DeadLetterCount;
import healthcheck.platform.inbox.DeadLetterDesk;
import healthcheck.platform.inbox.EventBatches;
import healthcheck.platform.inbox.Inbox;
import healthcheck.platform.inbox.ProcessedEvents;
import healthcheck.platform.outbox.CompletionBatches;
import healthcheck.platform.outbox.EventOutbox;
import healthcheck.platform.outbox.KafkaEventRelay;
import healthcheck.platform.outbox.OutboxResubmitter;
import healthcheck.platform.outbox.SkipProcessingMark;
import healthcheck.platform.persistence.UnquotedIdentifiers;
import healthcheck.platform.web.DeadLetterController;
import healthcheck.platform.web.ProblemDetailsAdvice;
import healthcheck.platform.web.RequestBodyLimitFilter;
import io.micrometer.core.instrument.config.MeterFilter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.cloud.stream.binder.kafka.KafkaBinderMetrics;
import org.springframework.cloud.stream.binder.kafka.ListenerContainerWithDlqAndRetryCustomizer;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.modulith.events.FailedEventPublications;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

/** Wires the shared messaging and web support into every service that has this module on its classpath. */
@AutoConfiguration(beforeName = "org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration",
        afterName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
        "org.springframework.modulith.events.config.EventPublicationAutoConfiguration",
        "org.springframework.cloud.stream.config.BindingServiceConfiguration"})
public class PlatformAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    EventCodec eventCodec(JsonMapper jsonMapper) {
        return new EventCodec(jsonMapper);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(JdbcTemplate.class)
    ProcessedEvents processedEvents(JdbcTemplate jdbcTemplate) {
        return new ProcessedEvents(jdbcTemplate);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean({ProcessedEvents.class, PlatformTransactionManager.class})
    Inbox inbox(ProcessedEvents processedEvents, PlatformTransactionManager transactionManager) {
        return new Inbox(processedEvents, transactionManager);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(Inbox.class)
    EventBatches eventBatches(EventCodec codec, PlatformTransactionManager transactionManager) {
        return new EventBatches(codec, transactionManager);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.data.relational.core.mapping.RelationalMappingContext")
    static class RelationalMapping {

        @Bean
        static UnquotedIdentifiers unquotedIdentifiers() {
            return new UnquotedIdentifiers();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(StreamBridge.class)
    @ConditionalOnBean(FailedEventPublications.class)
    @EnableAsync
    @EnableScheduling
    static class OutboxConfiguration {

        /** Static: a post-processor is created before the beans it changes, without this configuration. */
        @Bean
        static SkipProcessingMark skipProcessingMark(Environment environment) {
            return new SkipProcessingMark(environment);
        }

        /** Static, as above; {@code completion-window} 0 completes each publication on its own, as Modulith does. */
        @Bean
        static CompletionBatches completionBatches(
                @Value("${healthcheck.outbox.completion-window:PT0.05S}") Duration window,
                ObjectProvider<PlatformTransactionManager> transactionManager) {
            return new CompletionBatches(window, transactionManager);
        }

        @Bean
        EventOutbox eventOutbox(ApplicationEventPublisher publisher) {
            return new EventOutbox(publisher);
        }

        @Bean
        KafkaEventRelay kafkaEventRelay(StreamBridge streamBridge, EventCodec codec,
                @Value("${healthcheck.outbox.shutdown-wait:PT15S}") Duration shutdownWait,
                ObjectProvider<RelayDelayFault> relayDelayFault) {
            RelayDelayFault fault = relayDelayFault.getIfAvailable();
            return new KafkaEventRelay(streamBridge, codec, shutdownWait, fault != null ? fault : () -> Duration.ZERO);
        }

        @Bean
        OutboxResubmitter outboxResubmitter(FailedEventPublications failedPublications,
                @Value("${healthcheck.outbox.resubmit-min-age:PT3S}") Duration minAge,
                @Value("${healthcheck.outbox.resubmit-batch-size:200}") int batchSize) {
            return new OutboxResubmitter(failedPublications, minAge, batchSize);
        }
    }

    /** The drills' switch that holds outbox sends (see {@link RelayDelayFault}); never in production. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @Profile("faults")
    static class FaultsConfiguration {

        @Bean
        RelayDelayFault relayDelayFault() {
            return new RelayDelayFault();
        }

        @Bean
        RelayDelayFault.Switch relayDelaySwitch(RelayDelayFault fault) {
            return new RelayDelayFault.Switch(fault);
        }
    }

    /**
     * Deletes what is kept only for a while ({@link ExpiringRows}): the inbox's processed event ids here, and what
     * each service declares. The retention, 14 days by default, is longer than Kafka keeps a topic (7 days): a
     * redelivery can only come from the log, so an id forgotten can no longer arrive again.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean(JdbcTemplate.class)
    @EnableScheduling
    static class HousekeepingConfiguration {

        @Bean
        ExpiringRows processedEventIds(ProcessedEvents processedEvents,
                @Value("${healthcheck.retention.period:P14D}") Duration retention) {
            return new ExpiringRows("processed event ids", retention, processedEvents::forgetProcessedBefore);
        }

        @Bean
        Housekeeping housekeeping(ObjectProvider<ExpiringRows> expiring, ObjectProvider<Clock> clock) {
            return new Housekeeping(expiring.orderedStream().toList(), clock.getIfAvailable(Clock::systemUTC));
        }
    }

    /** An embedded H2 file's housekeeping while it is open: see {@link EmbeddedStoreCompaction}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.h2.mvstore.MVStore")
    @ConditionalOnBean(DataSource.class)
    @ConditionalOnProperty(name = "healthcheck.embedded-store.compaction", havingValue = "true", matchIfMissing = true)
    @EnableScheduling
    static class EmbeddedStoreConfiguration {

        @Bean
        EmbeddedStoreCompaction embeddedStoreCompaction(DataSource dataSource,
                @Value("${healthcheck.embedded-store.compaction-target-fill-rate:50}") int targetFillRate,
                @Value("${healthcheck.embedded-store.compaction-write-limit:1MB}") DataSize writeLimit) {
            return new EmbeddedStoreCompaction(dataSource, targetFillRate, Math.toIntExact(writeLimit.toBytes()));
        }
    }

    /** An embedded HSQLDB file keeps its rows on disk, not in the heap: see {@link HsqldbTablesOnDisk}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.hsqldb.jdbc.JDBCDriver", "org.flywaydb.core.api.callback.Callback"})
    static class EmbeddedHsqldbConfiguration {

        @Bean
        HsqldbTablesOnDisk hsqldbTablesOnDisk() {
            return new HsqldbTablesOnDisk();
        }
    }

    /**
     * Retries and dead letters of every consumer binding: see {@link ConsumerFailureHandling}; their containers
     * stopped together: {@link ConsumersStopTogether}.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(ListenerContainerWithDlqAndRetryCustomizer.class)
    static class ConsumerFailureConfiguration {

        @Bean
        ConsumersStopTogether consumersStopTogether() {
            return new ConsumersStopTogether();
        }

        @Bean
        ConsumerFailureHandling consumerFailureHandling(
                @Value("${spring.cloud.stream.kafka.binder.brokers:127.0.0.1:9092}") String brokers,
                @Value("${healthcheck.consumer.attempts:3}") int attempts,
                @Value("${healthcheck.consumer.max-pause:PT10S}") Duration maxPause, ConsumersStopTogether stops) {
            // not a ProducerFactory bean: Boot's KafkaTemplate would back off its own factory and then miss one
            return new ConsumerFailureHandling(new DefaultKafkaProducerFactory<byte[], byte[]>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class)),
                    attempts, maxPause.toMillis(), stops);
        }
    }

    /**
     * No {@code spring.cloud.stream.binder.kafka.offset} gauge. For each consumer group the binder would open a
     * consumer of its own and ask Kafka for every partition's end offset once a minute, for a metric nothing reads
     * (no registry exports, the actuator shows only health; reservation's pace reads the lag with Kafka's Admin
     * client, {@code ConsumerLag}). With kafka-clients 4.x that unassigned consumer also logs "Not updating high
     * watermark … no longer assigned" at WARN for each partition on every round (KAFKA-20449), ~6 warnings a minute
     * per service, which buried the warnings that matter. Denying the meter is the binder's documented way to stop
     * it: a denied gauge is a no-op, and the binder schedules nothing for it.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({MeterFilter.class, KafkaBinderMetrics.class})
    static class BinderMetricsConfiguration {

        @Bean
        MeterFilter noBinderLagGauge() {
            return MeterFilter.denyNameStartsWith(KafkaBinderMetrics.OFFSET_LAG_METRIC_NAME);
        }
    }

    /**
     * This service's dead letters: counted in its health ({@code deadLetters}, for {@code /system/status}), listed
     * and replayed by its operators ({@link DeadLetterController}).
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({HealthIndicator.class, ListenerContainerWithDlqAndRetryCustomizer.class})
    static class DeadLetterConfiguration {

        /** The {@code dlq-name} of every Kafka binding with {@code enable-dlq}. */
        record KafkaBinding(KafkaConsumer consumer) {
        }

        record KafkaConsumer(boolean enableDlq, String dlqName) {
        }

        @Bean("deadLettersHealthIndicator")
        @ConditionalOnProperty(name = "healthcheck.dead-letters.count", havingValue = "true", matchIfMissing = true)
        DeadLetterCount deadLetterCount(Environment environment,
                @Value("${spring.cloud.stream.kafka.binder.brokers:127.0.0.1:9092}") String brokers,
                @Value("${healthcheck.dead-letters.refresh:PT15S}") Duration refresh) {
            return new DeadLetterCount(brokers, deadLetterTopics(environment), refresh);
        }

        @Bean
        DeadLetterDesk deadLetterDesk(Environment environment,
                @Value("${spring.cloud.stream.kafka.binder.brokers:127.0.0.1:9092}") String brokers) {
            return new DeadLetterDesk(brokers, deadLetterTopics(environment));
        }

        @Bean
        @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
        DeadLetterController deadLetterController(DeadLetterDesk desk) {
            return new DeadLetterController(desk);
        }

        private static List<String> deadLetterTopics(Environment environment) {
            return Binder.get(environment).bind("spring.cloud.stream.kafka.bindings",
                            Bindable.mapOf(String.class, KafkaBinding.class)).orElse(Map.of()).values().stream()
                    .map(KafkaBinding::consumer)
                    .filter(consumer -> consumer != null && consumer.enableDlq() && consumer.dlqName() != null)
                    .map(KafkaConsumer::dlqName).sorted().toList();
        }
    }

    /** Named as Boot's own check, so Boot backs off and the probes' {@code db} component is this one. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({HealthIndicator.class, HikariDataSource.class})
    static class HealthConfiguration {

        @Bean("dbHealthIndicator")
        @ConditionalOnBean(DataSource.class)
        @ConditionalOnMissingBean(name = "dbHealthIndicator")
        DatabaseHealthIndicator dbHealthIndicator(DataSource dataSource) throws java.sql.SQLException {
            return new DatabaseHealthIndicator(dataSource.unwrap(HikariDataSource.class));
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    static class WebConfiguration {

        @Bean
        @ConditionalOnMissingBean
        ProblemDetailsAdvice problemDetailsAdvice() {
            return new ProblemDetailsAdvice();
        }

        /** Off (0) unless a balancer checking readiness sits in front and nothing else pauses the stop. */
        @Bean
        DrainBeforeShutdown drainBeforeShutdown(ApplicationEventPublisher events,
                @Value("${healthcheck.shutdown.drain:0s}") Duration drain) {
            return new DrainBeforeShutdown(events, drain);
        }

        /** First of all filters: an oversized body is refused before anything reads or logs it. */
        @Bean
        FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(
                @Value("${healthcheck.web.max-request-body:16KB}") DataSize maxRequestBody) {
            FilterRegistrationBean<RequestBodyLimitFilter> registration =
                    new FilterRegistrationBean<>(new RequestBodyLimitFilter(Math.toIntExact(maxRequestBody.toBytes())));
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
            return registration;
        }
    }
}
