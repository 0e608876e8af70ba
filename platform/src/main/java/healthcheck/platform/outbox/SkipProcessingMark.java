package healthcheck.platform.outbox;

import java.time.Duration;
import org.aopalliance.intercept.MethodInterceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.modulith.events.core.EventPublicationRegistry;
import org.springframework.modulith.events.core.EventPublicationRepository;

/**
 * Spares every event the row update and the transaction that Spring Modulith spends marking its publication
 * PROCESSING before the relay sends it. The mark only selects which staleness applies to a publication left behind
 * (published or processing); where both are the same, as in ours (see healthcheck-defaults.yml), a publication left
 * PUBLISHED is judged stale exactly when a PROCESSING one would be (both by their publication date), and resent alike.
 * Counted on PostgreSQL it was an {@code UPDATE} between {@code BEGIN} and {@code COMMIT}: three of each producing
 * service's statements per event; the registry's now empty transaction around it goes too ({@link
 * MarkOutsideTransaction}). Where the two stalenesses differ the mark means something, and it is kept.
 * <p>
 * A proxy around the library's repository rather than a repository of our own: everything else it does (the
 * insert in the business transaction, completion, resubmission) stays Spring Modulith's.
 */
public class SkipProcessingMark implements BeanPostProcessor {

    private static final Logger log = LoggerFactory.getLogger(SkipProcessingMark.class);
    private static final String STALENESS = "spring.modulith.events.staleness.";

    private final Environment environment;

    public SkipProcessingMark(Environment environment) {
        this.environment = environment;
    }

    /** Whether a PROCESSING mark changes nothing: the same staleness for a published and a processing publication. */
    static boolean markChangesNothing(Duration published, Duration processing) {
        return published.equals(processing);
    }

    private boolean markChangesNothing() {
        return markChangesNothing(staleness("published"), staleness("processing"));
    }

    private Duration staleness(String state) {
        return Binder.get(environment).bind(STALENESS + state, Duration.class).orElse(Duration.ZERO);
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof EventPublicationRegistry && markChangesNothing()) {
            MarkOutsideTransaction.install(bean, "markProcessing", () -> true);
            return bean;
        }
        if (!(bean instanceof EventPublicationRepository)) {
            return bean;
        }
        if (!markChangesNothing()) {
            log.info("Event publications are marked PROCESSING: their staleness differs from PUBLISHED ({} / {})",
                    staleness("processing"), staleness("published"));
            return bean;
        }
        ProxyFactory proxy = new ProxyFactory();
        proxy.setTarget(bean);
        proxy.setInterfaces(EventPublicationRepository.class);
        proxy.addAdvice((MethodInterceptor) invocation -> "markProcessing".equals(invocation.getMethod().getName())
                ? null : invocation.proceed());
        return proxy.getProxy(bean.getClass().getClassLoader());
    }
}
