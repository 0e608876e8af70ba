package healthcheck.bench;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * bin/bench's peak in Gatling: 32 clients, each booking one place without pause for {@code peak.seconds}, through
 * the gateway, on a schedule of its own. It prints, besides Gatling's report, the bookings per second and its own
 * JVM's CPU per booking, the two numbers bin/bench's harness is compared on (`bin/bench peak` prints the same).
 */
public class PeakSimulation extends Simulation {

    private static final String GATEWAY = System.getProperty("gateway.url", "http://127.0.0.1:8088");
    private static final int SECONDS = Integer.getInteger("peak.seconds", 20);
    private static final int CLIENTS = 32;
    /** Tokens from the stack's issuer: -Dcustomer.token=$(bin/stack token alice) -Dadmin.token=$(bin/stack token admin) */
    private static final String CUSTOMER_TOKEN = System.getProperty("customer.token", "");
    private static final String ADMIN_TOKEN = System.getProperty("admin.token", "");

    private final long scheduleId = System.currentTimeMillis() % 1_000_000_000L * 1_000 + 700_000_000_000L;
    private final AtomicLong booked = new AtomicLong();
    private long cpuBeforeNanos;
    private long startedNanos;

    private final HttpProtocolBuilder protocol = http.baseUrl(GATEWAY).contentTypeHeader("application/json")
            .authorizationHeader("Bearer " + CUSTOMER_TOKEN).shareConnections();

    private final ScenarioBuilder peak = scenario("peak through the gateway").during(Duration.ofSeconds(SECONDS)).on(
            http("book").post("/reservations")
                    .body(StringBody("{\"scheduleId\":" + scheduleId + ",\"reservationCount\":1}"))
                    .check(status().in(201, 409, 503))
                    .transformResponse((response, session) -> {
                        if (response.status().code() == 201) {
                            booked.incrementAndGet();
                        }
                        return response;
                    }));

    {
        setUp(peak.injectOpen(atOnceUsers(CLIENTS))).protocols(protocol);
    }

    @Override
    public void before() {
        registerSchedule();
        startedNanos = System.nanoTime();
        cpuBeforeNanos = ownCpuNanos();
    }

    @Override
    public void after() {
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        long bookings = booked.get();
        System.out.printf("gatling peak: %d bookings in %.1f s = %.1f bookings/s; Gatling's JVM: %.2f ms CPU per booking%n",
                bookings, seconds, bookings / seconds,
                bookings == 0 ? 0.0 : (ownCpuNanos() - cpuBeforeNanos) / 1e6 / bookings);
    }

    private void registerSchedule() {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create(GATEWAY + "/schedules"))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + ADMIN_TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"scheduleId\":" + scheduleId + ",\"availableCount\":100000}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 201) {
                throw new IllegalStateException("could not register a schedule: " + answer.statusCode() + " " + answer.body());
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the stack is not reachable at " + GATEWAY, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static long ownCpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }
}
