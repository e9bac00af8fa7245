package dev.almanac.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.almanac.testing.WebhookReceiver;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Deliveries go to the address the SSRF check approved, not to whatever a second DNS lookup answers
 * (DNS rebinding): the host is resolved once and the connection made to that address, with the URL's
 * host still in the request. Against a real HTTP receiver on 127.0.0.1.
 */
class PinnedDeliveryTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** Answers the receiver's address once, then an address nothing listens on: a rebinding DNS server. */
    private static final class RebindingDns implements AddressGuard.Resolver {
        final AtomicInteger lookups = new AtomicInteger();

        @Override
        public InetAddress[] lookup(String host) throws java.net.UnknownHostException {
            return lookups.getAndIncrement() == 0
                    ? new InetAddress[] {InetAddress.getByName("127.0.0.1")}
                    : new InetAddress[] {InetAddress.getByName("203.0.113.7")};
        }
    }

    @Test
    void connectsToTheCheckedAddressWithTheUrlsHost() throws Exception {
        RebindingDns dns = new RebindingDns();
        AddressGuard guard = new AddressGuard(true, dns);
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            AddressGuard.Pinned target = guard.pin("http://hooks.example.test:" + receiver.port() + "/hook?from=almanac");
            assertThat(target.address().getHostAddress()).isEqualTo("127.0.0.1");
            PinnedPost.Answer answer = PinnedPost.send(target.uri(), target.address(),
                    Map.of("Almanac-Event", "project.created", "Content-Type", "application/json"),
                    "{\"id\":1}".getBytes(StandardCharsets.UTF_8), TIMEOUT, TIMEOUT);
            assertThat(answer.status()).isEqualTo(200);
            List<WebhookReceiver.Received> received = receiver.received();
            assertThat(received).hasSize(1);
            assertThat(received.getFirst().host()).isEqualTo("hooks.example.test:" + receiver.port());
            assertThat(received.getFirst().event()).isEqualTo("project.created");
            assertThat(received.getFirst().body()).isEqualTo("{\"id\":1}");
        }
        assertThat(dns.lookups.get()).as("the name was looked up once, for the check").isEqualTo(1);
    }

    @Test
    void refusesAHostWithAnyInternalAnswer() {
        AddressGuard guard = new AddressGuard(false, host -> new InetAddress[] {
                InetAddress.getByName("93.184.215.14"), InetAddress.getByName("10.0.0.7")});
        assertThatThrownBy(() -> guard.pin("https://hooks.example.test/x"))
                .isInstanceOf(AddressGuard.Refused.class)
                .hasMessageContaining("10.0.0.7");
    }

    @Test
    void reportsTheReceiversStatus() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            receiver.answer.set(503);
            AddressGuard.Pinned target = new AddressGuard(true).pin(receiver.url());
            PinnedPost.Answer answer = PinnedPost.send(target.uri(), target.address(), Map.of(), new byte[0], TIMEOUT, TIMEOUT);
            assertThat(answer.status()).isEqualTo(503);
            assertThat(receiver.received()).isEmpty();
        }
    }

    @Test
    void aReceiverThatNeverAnswersTimesOut() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            AddressGuard.Pinned target = new AddressGuard(true).pin("http://127.0.0.1:" + silent.getLocalPort() + "/x");
            assertThatThrownBy(() -> PinnedPost.send(target.uri(), target.address(), Map.of(), new byte[0], TIMEOUT,
                    Duration.ofMillis(500)))
                    .isInstanceOf(SocketTimeoutException.class);
        }
    }
}
