package io.github.betaheaders.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.betaheaders.core.BetaMapping;
import io.github.betaheaders.core.BetaRules;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/** The counters as Micrometer meters when Micrometer is there, and nothing (no failure) when it is not. */
class MicrometerBindingTest {

    @Test
    void withMicrometerEachSeriesIsAMeterOfTheGlobalRegistryUntilClosed() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Metrics.addRegistry(registry);
        try {
            BetaMapping mapping = BetaCountersTest.mapping();
            BetaCounters counters = BetaCountersTest.counters(mapping, 10);
            BetaRules rules = new BetaRules(Set.of("anthropic"));
            RequestTally early = counters.begin("bedrock", "POST", "/x");
            early.header(rules.rewrite(mapping, "bedrock", "x-beta"));
            early.changed();
            early.finish();
            AutoCloseable meters = MicrometerBinding.bind(counters, "/unit", () -> 12.5);
            for (int i = 0; i < 3; i++) {
                RequestTally tally = counters.begin("bedrock", "POST", "/x");
                tally.header(rules.rewrite(mapping, "bedrock", "x-beta,late-beta"));
                tally.changed();
                tally.finish();
            }
            assertEquals(4, registry.get("anthropic.beta.headers.requests").tags("context", "/unit",
                    "provider", "bedrock", "result", "changed").functionCounter().count());
            assertEquals(4, registry.get("anthropic.beta.headers.renamed.betas").tags("context", "/unit",
                    "beta", "x-beta", "to", "x-b", "location", "header").functionCounter().count());
            assertEquals(3, registry.get("anthropic.beta.headers.betas").tags("context", "/unit",
                    "beta", "late-beta", "outcome", "dropped_unmentioned", "location", "header").functionCounter()
                    .count(), "a series that appeared after binding");
            counters.quarantined("bedrock", "x-beta", "unnamed");
            assertEquals(1, registry.get("anthropic.beta.headers.quarantines").tags("context", "/unit",
                    "provider", "bedrock", "beta", "x-beta", "reason", "unnamed").functionCounter().count());
            assertEquals(12.5, registry.get("anthropic.beta.headers.mapping.age.seconds").gauge().value());
            meters.close();
            assertNull(registry.find("anthropic.beta.headers.requests").meter());
        } finally {
            Metrics.removeRegistry(registry);
        }
    }

    @Test
    void givenARegistryTheMetersAreThereAndNotInTheGlobalRegistry() throws Exception {
        SimpleMeterRegistry global = new SimpleMeterRegistry();
        SimpleMeterRegistry app = new SimpleMeterRegistry();
        Metrics.addRegistry(global);
        try {
            BetaMapping mapping = BetaCountersTest.mapping();
            BetaCounters counters = BetaCountersTest.counters(mapping, 10);
            AutoCloseable meters = MicrometerBinding.bind(counters, "/app", () -> 3.0, app);
            RequestTally tally = counters.begin("bedrock", "POST", "/x");
            tally.header(new BetaRules(Set.of("anthropic")).rewrite(mapping, "bedrock", "x-beta"));
            tally.changed();
            tally.finish();

            assertEquals(1, app.get("anthropic.beta.headers.requests").tags("context", "/app",
                    "provider", "bedrock", "result", "changed").functionCounter().count());
            assertEquals(3.0, app.get("anthropic.beta.headers.mapping.age.seconds").gauge().value());
            assertNull(global.find("anthropic.beta.headers.requests").meter());
            meters.close();
            assertNull(app.find("anthropic.beta.headers.requests").meter());
        } finally {
            Metrics.removeRegistry(global);
        }
    }

    @Test
    void withoutMicrometerBindingDoesNothingAndFailsNothing() throws Exception {
        URL classes = Path.of(BetaCounters.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toUri()
                .toURL();
        try (URLClassLoader jarOnly = new URLClassLoader(new URL[] {classes}, ClassLoader.getPlatformClassLoader())) {
            Class<?> binding = Class.forName(MicrometerBinding.class.getName(), true, jarOnly);
            assertFalse((Boolean) binding.getMethod("micrometerPresent").invoke(null));
            Class<?> countersType = Class.forName(BetaCounters.class.getName(), true, jarOnly);
            Object counters = countersType.getConstructor(int.class, Set.class, boolean.class)
                    .newInstance(10, Set.of("bedrock"), false);
            DoubleSupplier age = () -> 0;
            Object meters = binding.getMethod("bind", countersType, String.class, DoubleSupplier.class)
                    .invoke(null, counters, "/no-micrometer", age);
            ((AutoCloseable) meters).close();
        }
        assertTrue(MicrometerBinding.micrometerPresent(), "the test class path has Micrometer");
    }
}
