package healthcheck.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.loadbalancer.support.ServiceInstanceListSuppliers;

class EveryAddressOfEachNameTest {

    private static final Duration LOOK_UP_EVERY = Duration.ofMillis(20);

    /** What the DNS answers for each name right now; a test changes it as Docker would when containers come and go. */
    private final Map<String, List<InetAddress>> dns = new ConcurrentHashMap<>();

    private final ServiceInstance byName = new DefaultServiceInstance("reservation-0", "reservation", "reservation",
            8080, false, Map.of("zone", "a"));

    @Test
    void aNameBecomesOneInstancePerAddressItResolvesTo() {
        dns.put("reservation", List.of(address("172.18.0.7"), address("172.18.0.9")));

        List<ServiceInstance> instances = expanding(byName).get().blockFirst(Duration.ofSeconds(5));

        assertThat(instances).extracting(ServiceInstance::getHost).containsExactly("172.18.0.7", "172.18.0.9");
        assertThat(instances).allSatisfy(instance -> {
            assertThat(instance.getServiceId()).isEqualTo("reservation");
            assertThat(instance.getPort()).isEqualTo(8080);
            assertThat(instance.getMetadata()).containsEntry("zone", "a");
        });
        assertThat(instances).extracting(ServiceInstance::getInstanceId).doesNotHaveDuplicates();
    }

    @Test
    void aContainerThatCameOrWentIsSeenAtTheNextLookUpAndAnUnchangedAnswerIsNotRepeated() {
        AtomicInteger lookUps = new AtomicInteger();
        // five look-ups see one container, the next five a new one beside it, then only the new one
        EveryAddressOfEachName expanding = new EveryAddressOfEachName(
                ServiceInstanceListSuppliers.from("reservation", byName), LOOK_UP_EVERY, host -> {
                    int lookUp = lookUps.incrementAndGet();
                    return lookUp <= 5 ? List.of(address("172.18.0.7"))
                            : lookUp <= 10 ? List.of(address("172.18.0.7"), address("172.18.0.9"))
                            : List.of(address("172.18.0.9"));
                });

        List<List<ServiceInstance>> seen = expanding.get().take(3).collectList().block(Duration.ofSeconds(5));

        assertThat(seen).extracting(list -> list.stream().map(ServiceInstance::getHost).toList()).containsExactly(
                List.of("172.18.0.7"), List.of("172.18.0.7", "172.18.0.9"), List.of("172.18.0.9"));
        assertThat(lookUps).hasValueGreaterThan(10);
    }

    @Test
    void aNameThatDoesNotResolveIsKeptAsListedSoTheRequestFailsAsItWouldHave() {
        List<ServiceInstance> instances = expanding(byName).get().blockFirst(Duration.ofSeconds(5));

        assertThat(instances).containsExactly(byName);
    }

    @Test
    void anInstanceListedByAddressIsKeptAsItIs() {
        ServiceInstance byAddress = new DefaultServiceInstance("reservation-1", "reservation", "127.0.0.1", 18082,
                false);
        dns.put("127.0.0.1", List.of(address("127.0.0.1")));

        assertThat(expanding(byAddress).get().blockFirst(Duration.ofSeconds(5))).containsExactly(byAddress);
    }

    private EveryAddressOfEachName expanding(ServiceInstance... listed) {
        return new EveryAddressOfEachName(ServiceInstanceListSuppliers.from("reservation", listed), LOOK_UP_EVERY,
                host -> dns.getOrDefault(host, List.of()));
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
