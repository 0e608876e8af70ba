package healthcheck.platform.outbox;

import java.util.function.BooleanSupplier;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.TargetSource;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.support.AopUtils;
import org.springframework.modulith.events.core.EventPublicationRegistry;

/**
 * Calls one of Spring Modulith's registry marks on the registry itself, past the {@code REQUIRES_NEW} transaction
 * its proxy opens for each, while the mark has nothing to write in it: {@link SkipProcessingMark} drops the
 * PROCESSING update, and {@link CompletionBatches} queues the completion for a transaction of its own. What is left
 * of the mark is the registry's in-memory bookkeeping, so the transaction was empty: a pooled connection and a
 * commit (and, while the services ran on JPA, an EntityManager), twice for every event sent (1.8 % of reservation's CPU at a peak in JFR; 0.4 % left for
 * the bookkeeping and this call).
 * <p>
 * Added in front of the transaction advice on the registry's existing proxy, so every holder of the registry sees it.
 */
final class MarkOutsideTransaction implements MethodInterceptor {

    private final Object registry;
    private final String mark;
    private final BooleanSupplier nothingToWrite;

    private MarkOutsideTransaction(Object registry, String mark, BooleanSupplier nothingToWrite) {
        this.registry = registry;
        this.mark = mark;
        this.nothingToWrite = nothingToWrite;
    }

    /**
     * Whether {@code bean} is the registry behind a proxy this could go in front of; without a proxy, its marks open
     * no transaction anyway.
     */
    static boolean install(Object bean, String mark, BooleanSupplier nothingToWrite) {
        if (!(bean instanceof EventPublicationRegistry) || !(bean instanceof Advised advised) || advised.isFrozen()) {
            return false;
        }
        TargetSource target = advised.getTargetSource();
        if (!target.isStatic()) {
            return false;
        }
        try {
            advised.addAdvice(0, new MarkOutsideTransaction(target.getTarget(), mark, nothingToWrite));
        } catch (Exception e) {
            throw new IllegalStateException("The event publication registry's target is not available", e);
        }
        return true;
    }

    @Override
    public Object invoke(MethodInvocation invocation) throws Throwable {
        if (mark.equals(invocation.getMethod().getName()) && nothingToWrite.getAsBoolean()) {
            return AopUtils.invokeJoinpointUsingReflection(registry, invocation.getMethod(), invocation.getArguments());
        }
        return invocation.proceed();
    }
}
