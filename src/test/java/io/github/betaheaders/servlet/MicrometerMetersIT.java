package io.github.betaheaders.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.betaheaders.testsupport.Gateway;
import io.github.betaheaders.testsupport.JettyGateway;
import io.github.betaheaders.testsupport.RecordingUpstream;
import io.github.betaheaders.testsupport.TomcatGateway;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * With Micrometer on the webapp's class path (here the test class path, which the containers' webapps see), the
 * counters are meters of {@link Metrics#globalRegistry} from the start of the webapp to its stop, through a real
 * container and proxy servlet. (Without Micrometer: {@code MicrometerBindingTest}, and every container test of
 * web-fragment-example, whose webapps have no Micrometer.)
 */
class MicrometerMetersIT {

    static final String BEDROCK = "/gw/model/m/invoke";
    static final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    static RecordingUpstream upstream;

    @BeforeAll
    static void start() {
        Metrics.addRegistry(registry);
        upstream = new RecordingUpstream().start();
    }

    @AfterAll
    static void stop() throws Exception {
        Metrics.removeRegistry(registry);
        upstream.close();
    }

    static Stream<Gateway> containers() {
        return Stream.of(new JettyGateway(), new TomcatGateway());
    }

    private static Collection<FunctionCounter> requestCounters() {
        return registry.find("anthropic.beta.headers.requests").tags("provider", "bedrock", "result", "changed")
                .functionCounters();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("containers")
    void theCountersAreMetersWhileTheWebappRuns(Gateway unstarted) throws Exception {
        int sent = 4;
        try (Gateway gateway = unstarted.filterParam("localOnly", "true").route("/gw", upstream.uri()).start()) {
            for (int i = 0; i < sent; i++) {
                upstream.postThrough(gateway.uri(), BEDROCK, "anthropic-beta: bash_20241022,effort-2025-11-24");
            }
            List<FunctionCounter> counters = List.copyOf(requestCounters());
            assertEquals(1, counters.size(), "" + counters);
            assertEquals(sent, counters.get(0).count());
            assertEquals(sent, registry.get("anthropic.beta.headers.betas").tags("provider", "bedrock",
                    "beta", "bash_20241022", "outcome", "dropped_null").functionCounter().count());
            assertTrue(registry.get("anthropic.beta.headers.mapping.age.seconds").gauge().value() >= 0);
        }
        assertEquals(List.of(), List.copyOf(requestCounters()), "meters outlived the webapp");
    }
}
