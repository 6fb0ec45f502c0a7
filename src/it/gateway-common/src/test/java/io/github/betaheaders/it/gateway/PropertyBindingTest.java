package io.github.betaheaders.it.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.betaheaders.core.FilterSettings;
import io.github.betaheaders.load.ReloadScheduler;
import io.github.betaheaders.service.BetaHeadersService;
import io.github.betaheaders.spring.AnthropicBetaHeadersAutoConfiguration;
import io.github.betaheaders.spring.InvalidSettingFailureAnalyzer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The anthropic-beta-headers.* properties, bound by Spring with relaxed binding and checked by the library: the same
 * defaults, every bad value failing the start with the property and the value named, an unknown property failing
 * too, and enabled=false turning the auto-configuration off.
 */
@ExtendWith(OutputCaptureExtension.class)
class PropertyBindingTest {

    final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AnthropicBetaHeadersAutoConfiguration.class))
            .withPropertyValues("anthropic-beta-headers.local-only=true");

    @Test
    void withoutPropertiesEverySettingHasTheLibrarysDefault() {
        runner.run(context -> {
            FilterSettings settings = context.getBean(BetaHeadersService.class).settings();
            assertEquals(FilterSettings.DEFAULT_PROVIDER, settings.provider());
            assertNull(settings.routes());
            assertEquals(FilterSettings.DEFAULT_MAX_BETAS, settings.maxBetas());
            assertEquals(FilterSettings.DEFAULT_MAX_BODY_BYTES, settings.maxBodyBytes());
            assertEquals(FilterSettings.DEFAULT_MAX_BUFFERED_BYTES, settings.maxBufferedBytes());
            assertEquals(FilterSettings.DEFAULT_FETCH_TIMEOUT_SECONDS, settings.fetchTimeoutSeconds());
            assertEquals(FilterSettings.DEFAULT_CONFIG_URL, settings.configUrl().toString());
            assertEquals(FilterSettings.DEFAULT_MODE, settings.mode());
            assertEquals(java.util.Set.of(FilterSettings.DEFAULT_FORWARD_UNKNOWN_BETAS), settings.forwardUnknownBetas());
            assertFalse(settings.reportDroppedBetas());
            assertFalse(settings.learnFromRejections());
            assertEquals(FilterSettings.DEFAULT_QUARANTINE_HOURS, settings.quarantineHours());
            assertNotNull(context.getBean(ServletContextInitializer.class));
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"anthropic-beta-headers.max-betas", "anthropic-beta-headers.maxBetas",
        "anthropic-beta-headers.max_betas"})
    void relaxedBindingTakesEverySpelling(String property) {
        runner.withPropertyValues(property + "=7").run(context ->
                assertEquals(7, context.getBean(BetaHeadersService.class).settings().maxBetas()));
    }

    @Test
    void environmentVariablesBindToo() {
        runner.withInitializer(context -> context.getEnvironment().getPropertySources().addFirst(
                new SystemEnvironmentPropertySource("test-systemEnvironment", Map.of(
                        "ANTHROPICBETAHEADERS_MODE", "report", "ANTHROPICBETAHEADERS_ROUTES", "/b/*=bedrock"))))
                .run(context -> {
                    FilterSettings settings = context.getBean(BetaHeadersService.class).settings();
                    assertEquals("report", settings.mode());
                    assertEquals("bedrock", settings.routes().routes().get(0).provider());
                });
    }

    @Test
    void everySettingBinds() {
        runner.withPropertyValues("anthropic-beta-headers.routes=/a/*=anthropic,/b/*=bedrock",
                "anthropic-beta-headers.forward-unknown-betas=none", "anthropic-beta-headers.fetch-timeout-seconds=9",
                "anthropic-beta-headers.max-config-bytes=4096", "anthropic-beta-headers.schedule-check-seconds=30",
                "anthropic-beta-headers.reload-interval-hours=12", "anthropic-beta-headers.max-body-bytes=1000",
                "anthropic-beta-headers.max-buffered-bytes=2000", "anthropic-beta-headers.bedrock-header-betas-to-body=true",
                "anthropic-beta-headers.mode=report", "anthropic-beta-headers.report-dropped-betas=true",
                "anthropic-beta-headers.learn-from-rejections=true", "anthropic-beta-headers.quarantine-hours=6",
                "anthropic-beta-headers.config-url=https://config.example/betas.json",
                "anthropic-beta-headers.admin-token=0123456789abcdef0123", "anthropic-beta-headers.admin-roles=ops",
                "anthropic-beta-headers.admin-max-failures=3", "anthropic-beta-headers.admin-failure-window-seconds=5",
                "anthropic-beta-headers.admin-block-seconds=7", "anthropic-beta-headers.admin-metrics-open=true")
                .run(context -> {
                    BetaHeadersService service = context.getBean(BetaHeadersService.class);
                    FilterSettings settings = service.settings();
                    assertEquals(2, settings.routes().routes().size());
                    assertTrue(settings.forwardUnknownBetas().isEmpty());
                    assertEquals(9, settings.fetchTimeoutSeconds());
                    assertEquals(4096, settings.maxConfigBytes());
                    assertEquals(30, settings.scheduleCheckSeconds());
                    assertEquals(12.0, settings.reloadIntervalHours());
                    assertEquals(1000, settings.maxBodyBytes());
                    assertEquals(2000, settings.maxBufferedBytes());
                    assertTrue(settings.bedrockHeaderBetasToBody());
                    assertEquals("report", settings.mode());
                    assertTrue(settings.reportDroppedBetas());
                    assertTrue(settings.learnFromRejections());
                    assertEquals(6, settings.quarantineHours());
                    assertEquals("https://config.example/betas.json", settings.configUrl().toString());
                    assertEquals(12.0, service.schedule().orElseThrow().intervalHours());
                });
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "provider|no such provider",
        "routes|/bedrock/*",
        "forward-unknown-betas|bed rock",
        "config-file|/no/such/mapping.json",
        "config-url|ftp://config.example/x",
        "local-only|sometimes",
        "fetch-timeout-seconds|0",
        "max-config-bytes|12",
        "cache-file|/no/such/directory/cache.json",
        "schedule-check-seconds|-1",
        "reload-interval-hours|forever",
        "max-body-bytes|lots",
        "max-buffered-bytes|1e9",
        "max-betas|0",
        "bedrock-header-betas-to-body|yes",
        "mode|enforcing",
        "report-dropped-betas|1",
        "learn-from-rejections|maybe",
        "quarantine-hours|0",
        "admin-roles|ops,,dev",
        "admin-max-failures|0",
        "admin-failure-window-seconds|86401",
        "admin-block-seconds|x",
        "admin-metrics-open|open",
        "overrides-file|/no/such/directory/overrides.json",
        "jdbc-url|jdbc:nosuchdb://db/betas",
        "data-source|java:comp/env/jdbc/noSuchStore",
        "create-tables|sometimes",
        "table-prefix|Gateway-",
        "body-idle-timeout-seconds|0",
    })
    void badValueFailsTheStartNamingThePropertyAndTheValue(String property, String value) {
        runner.withPropertyValues("anthropic-beta-headers." + property + "=" + value).run(context -> {
            Throwable failure = context.getStartupFailure();
            assertNotNull(failure, "the application started with " + property + "=" + value);
            String message = messages(failure);
            assertTrue(message.contains("property [anthropic-beta-headers." + property + "]"), message);
            assertTrue(message.contains("[" + value + "]"), message);
        });
    }

    @Test
    void theApplicationsStartFailsWithAReportNamingThePropertyAndTheValue(CapturedOutput output) {
        SpringApplication application = new SpringApplicationBuilder(GatewayApplication.class)
                .properties("server.port=0", "anthropic-beta-headers.fetch-timeout-seconds=forever").build();

        assertThrows(RuntimeException.class, application::run);

        assertTrue(output.getAll().contains("APPLICATION FAILED TO START"), output.getAll());
        assertTrue(output.getAll().contains("invalid value [forever] for setting [fetchTimeoutSeconds] from property "
                + "[anthropic-beta-headers.fetch-timeout-seconds]"), output.getAll());
    }

    @Test
    void theFailureAnalysisNamesThePropertyAndTheValue() {
        runner.withPropertyValues("anthropic-beta-headers.max-betas=many").run(context -> {
            FailureAnalysis analysis = new InvalidSettingFailureAnalyzer().analyze(context.getStartupFailure());
            assertNotNull(analysis);
            assertTrue(analysis.getDescription().contains("[many]"), analysis.getDescription());
            assertTrue(analysis.getDescription().contains("property [anthropic-beta-headers.max-betas]"),
                    analysis.getDescription());
        });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "admin-token|short-secret",
        "config-authorization|Bearer s\u00e9cret-value",
    })
    void aBadSecretFailsTheStartWithoutShowingIt(String property, String value) {
        runner.withPropertyValues("anthropic-beta-headers." + property + "=" + value).run(context -> {
            String message = messages(context.getStartupFailure());
            assertTrue(message.contains("property [anthropic-beta-headers." + property + "]"), message);
            assertFalse(message.contains(value.substring(value.length() - 8)), message);
        });
    }

    /**
     * With jdbc-url the service is a node of the shared store, as the listener starts it in a webapp: the machine's
     * PostgreSQL, tables under a prefix of this test's own.
     */
    @Test
    void jdbcUrlMakesTheServiceANodeOfTheSharedStore() {
        String prefix = "spring_it_" + Long.toHexString(System.nanoTime()) + "_";
        runner.withPropertyValues("anthropic-beta-headers.jdbc-url=jdbc:postgresql://127.0.0.1:5432/test",
                "anthropic-beta-headers.jdbc-user=postgres", "anthropic-beta-headers.table-prefix=" + prefix,
                "anthropic-beta-headers.node-name=spring-node-1").run(context -> {
                    assertNull(context.getStartupFailure());
                    BetaHeadersService service = context.getBean(BetaHeadersService.class);
                    assertEquals("spring-node-1", service.cluster().orElseThrow().node());
                });
        dropTables(prefix);
    }

    private static void dropTables(String prefix) {
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
             java.sql.Statement statement = connection.createStatement()) {
            for (String table : new String[] {"schedule", "runs", "documents", "fetch_failures", "nodes"}) {
                statement.execute("DROP TABLE IF EXISTS " + prefix + table);
            }
        } catch (java.sql.SQLException e) {
            throw new AssertionError("could not drop the test's tables " + prefix + "*", e);
        }
    }

    @Test
    void anUnknownPropertyFailsTheStart() {
        runner.withPropertyValues("anthropic-beta-headers.max-betaz=7").run(context -> {
            String message = messages(context.getStartupFailure());
            assertTrue(message.contains("anthropic-beta-headers"), message);
            assertTrue(message.contains("max-betaz"), message);
        });
    }

    @Test
    void theServiceStopsWithTheApplication() throws Exception {
        long before = scheduleThreads();
        runner.run(context -> {
            assertNotNull(context.getBean(BetaHeadersService.class));
            assertEquals(before + 1, scheduleThreads());
        });
        // The runner closed the context: the service's reload schedule thread is gone.
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (scheduleThreads() > before && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(before, scheduleThreads());
    }

    static long scheduleThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().equals(ReloadScheduler.THREAD_NAME)).count();
    }

    @Test
    void enabledFalseRegistersNothing() {
        runner.withPropertyValues("anthropic-beta-headers.enabled=false", "anthropic-beta-headers.max-betas=0")
                .run(context -> {
                    assertNull(context.getStartupFailure());
                    assertTrue(context.getBeansOfType(BetaHeadersService.class).isEmpty());
                    assertTrue(context.getBeansOfType(ServletContextInitializer.class).isEmpty());
                });
    }

    /** The messages of a failure and of its causes, one after the other. */
    static String messages(Throwable failure) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            out.append(t.getMessage()).append('\n');
        }
        return out.toString();
    }
}
