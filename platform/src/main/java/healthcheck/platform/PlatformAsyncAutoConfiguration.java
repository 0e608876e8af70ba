package healthcheck.platform;

import healthcheck.platform.outbox.RelayFailureLog;
import java.time.Duration;
import org.springframework.aop.interceptor.AsyncUncaughtExceptionHandler;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.AsyncConfigurer;

/**
 * The outbox relay's failed sends as rate-limited warnings rather than stack traces: see {@link RelayFailureLog}.
 * An auto-configuration of its own because it has to come before Boot's task execution: only one
 * {@link AsyncConfigurer} may exist, Boot adds its own when it finds none, and it wraps ours instead when it does,
 * so {@code @Async} methods still run on the application's task executor (virtual threads).
 */
@AutoConfiguration(beforeName = "org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration")
public class PlatformAsyncAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(AsyncConfigurer.class)
    AsyncConfigurer relayFailureLog(@Value("${healthcheck.outbox.failure-log-interval:PT30S}") Duration interval) {
        RelayFailureLog failureLog = new RelayFailureLog(interval);
        return new AsyncConfigurer() {
            @Override
            public AsyncUncaughtExceptionHandler getAsyncUncaughtExceptionHandler() {
                return failureLog;
            }
        };
    }
}
