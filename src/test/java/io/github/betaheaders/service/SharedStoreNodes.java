package io.github.betaheaders.service;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.betaheaders.core.FilterSettings;
import io.github.betaheaders.core.Settings;
import io.github.betaheaders.store.DriverManagerDataSource;
import io.github.betaheaders.store.JdbcStore;
import io.github.betaheaders.store.JdbcStoreOptions;
import io.github.betaheaders.testsupport.MappingServer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;

/**
 * Services started as nodes of a shared store for the service tests, each fetching from one config server and
 * checking the store every second; closed together at the end of a test (unless {@link #forget forgotten}).
 */
final class SharedStoreNodes implements AutoCloseable {

    private final MappingServer server;
    private final List<BetaHeadersService> started = new ArrayList<>();

    SharedStoreNodes(MappingServer server) {
        this.server = server;
    }

    /** A store on {@code url} (as user {@code sa}), under the default table prefix, as a test reads it. */
    static JdbcStore store(String url) {
        return new JdbcStore(new DriverManagerDataSource(url, "sa", null, Duration.ofSeconds(2), Duration.ofSeconds(5)),
                JdbcStoreOptions.defaults(), Clock.systemUTC());
    }

    /** Starts node {@code name} on the store at {@code url}, with settings given as name, value pairs. */
    BetaHeadersService node(String name, String url, String... params) {
        Map<String, String> map = new LinkedHashMap<>();
        map.put(FilterSettings.CONFIG_URL, server.url().toString());
        map.put(FilterSettings.SCHEDULE_CHECK_SECONDS, "1");
        map.put(FilterSettings.FETCH_TIMEOUT_SECONDS, "1");
        for (int i = 0; i < params.length; i += 2) {
            map.put(params[i], params[i + 1]);
        }
        FilterSettings settings = new FilterSettings(new Settings("filter [" + name + "]", map.keySet(), map::get,
                new Properties(), Map.of(), FilterSettings.NAMES, FilterSettings.LITELLM_ALIASES));
        BetaHeadersService service = BetaHeadersService.startShared(settings, Clock.systemUTC(), store(url), name);
        started.add(service);
        return service;
    }

    /** A node the test closed itself. */
    void forget(BetaHeadersService node) {
        started.remove(node);
    }

    /** Waits at most 5 s for {@code condition}. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() - until < 0, "not within 5 s: " + what);
            Thread.sleep(20);
        }
    }

    @Override
    public void close() {
        started.forEach(BetaHeadersService::close);
    }
}
