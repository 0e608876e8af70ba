package healthcheck.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A crowd in a test: callers on virtual threads of their own, held at a gate and let through at the same instant,
 * which is how a rush arrives; their answers in the callers' order once every one has one.
 */
public final class Crowd {

    /** One caller's call, told which caller it is (0 to callers - 1). */
    @FunctionalInterface
    public interface Caller<T> {
        T call(int caller) throws Exception;
    }

    private Crowd() {
    }

    /** Lets {@code callers} callers through together; a call that failed fails this, its exception the cause. */
    public static <T> List<T> together(int callers, Caller<T> call) throws InterruptedException, ExecutionException {
        CountDownLatch gate = new CountDownLatch(1);
        List<Future<T>> calls = new ArrayList<>(callers);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < callers; i++) {
                int caller = i;
                calls.add(threads.submit(() -> {
                    gate.await();
                    return call.call(caller);
                }));
            }
            gate.countDown();
        }
        List<T> answers = new ArrayList<>(callers);
        for (Future<T> answer : calls) {
            answers.add(answer.get());
        }
        return answers;
    }
}
