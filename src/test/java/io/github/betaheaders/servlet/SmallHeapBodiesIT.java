package io.github.betaheaders.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.betaheaders.body.BodyBufferBudget;
import io.github.betaheaders.testsupport.CapturedLog;
import io.github.betaheaders.testsupport.Gateway;
import io.github.betaheaders.testsupport.RecordingUpstream;
import io.github.betaheaders.testsupport.ServletContainer;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 9, item 2, under a small heap: this class runs in its own failsafe execution with {@code -Xmx64m} (see the
 * pom). 100 clients declare 1 MiB bodies each (100 MiB in all, more than the heap) and send one byte; the old filter
 * allocated every declared buffer at once and died with OutOfMemoryError. Now the default {@code maxBufferedBytes} (a
 * quarter of the heap) bounds what is held, memory follows the bytes received, requests meanwhile are answered (200),
 * no OutOfMemoryError is logged, and once the clients are gone their shares are back and bodies are rewritten again.
 */
class SmallHeapBodiesIT {

    static final String SECOND = "/second";

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void declaredBodiesDoNotFillTheHeap(ServletContainer container) throws Exception {
        assumeTrue(Runtime.getRuntime().maxMemory() <= 128L * 1024 * 1024,
                "runs in the small-heap execution only, not with " + Runtime.getRuntime().maxMemory());
        List<Socket> held = new ArrayList<>();
        try (CapturedLog log = CapturedLog.of("");
             RecordingUpstream slowOnes = new RecordingUpstream().start();
             RecordingUpstream normal = new RecordingUpstream().start();
             Gateway gateway = container.newGateway().filterParam("localOnly", "true")) {
            gateway.route(HostileBodiesIT.PREFIX, slowOnes.uri()).route(SECOND, normal.uri()).start();
            for (int i = 0; i < 100; i++) {
                held.add(HostileBodiesIT.holdingClient(gateway, 1024 * 1024, "{"));
            }
            BodyBufferBudget budget = gateway.service().bodyBudget();
            String target = SECOND + HostileBodiesIT.INVOKE.substring(HostileBodiesIT.PREFIX.length());
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> response = HostileBodiesIT.post(gateway, target, HostileBodiesIT.BODY);
                assertEquals(200, response.statusCode(), response.body());
                // Rewritten, or (the declared bodies hold the whole budget) forwarded as sent.
                String arrived = normal.take().bodyText();
                assertTrue(arrived.equals(HostileBodiesIT.REWRITTEN) || arrived.equals(HostileBodiesIT.BODY), arrived);
            }
            assertTrue(budget.peak() <= budget.max(), budget.peak() + " > " + budget.max());
            assertTrue(budget.max() <= Runtime.getRuntime().maxMemory() / 4);
            assertTrue(budget.refusals() > 0, "some bodies were over the bound");
            HostileBodiesIT.closeAll(held);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (budget.inUse() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(0, budget.inUse(), "the held clients' shares are given back");
            assertEquals(200, HostileBodiesIT.post(gateway, target, HostileBodiesIT.BODY).statusCode());
            assertEquals(HostileBodiesIT.REWRITTEN, normal.take().bodyText());
            assertTrue(!log.text(Level.SEVERE).contains("OutOfMemoryError"), log.text(Level.SEVERE));
        } finally {
            HostileBodiesIT.closeAll(held);
        }
    }
}
