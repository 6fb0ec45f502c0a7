package io.github.betaheaders.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.betaheaders.testsupport.CapturedLog;
import io.github.betaheaders.testsupport.Gateway;
import io.github.betaheaders.testsupport.RecordingUpstream;
import io.github.betaheaders.testsupport.ServletContainer;
import io.github.betaheaders.testsupport.TestDirectories;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bad setting fails the deployment in Tomcat and in Jetty, and its message (naming the parameter and the value)
 * reaches the log: the filter logs it itself at ERROR, and each container reports the cause its own way (see
 * {@link #reportedCause}).
 */
class BadSettingDeploymentIT {

    static RecordingUpstream upstream;
    static Path work;

    @BeforeAll
    static void start() {
        upstream = new RecordingUpstream().start();
        work = TestDirectories.newDirectory("bad-settings");
    }

    @AfterAll
    static void stop() throws Exception {
        upstream.close();
    }

    /** A filter configuration that must not deploy, and what its message must say. */
    record BadSetting(String description, Map<String, String> params, List<String> message) {
        @Override
        public String toString() {
            return description;
        }
    }

    static BadSetting bad(String description, List<String> message, String... params) {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("localOnly", "true");
        for (int i = 0; i < params.length; i += 2) {
            map.put(params[i], params[i + 1]);
        }
        return new BadSetting(description, map, message);
    }

    static List<BadSetting> badSettings() throws Exception {
        Path notJson = Files.writeString(work.resolve("not-json.json"), "{\"bedrock\": {", StandardCharsets.UTF_8);
        Path numberValue = Files.writeString(work.resolve("number-value.json"),
                "{\"bedrock\": {\"effort-2025-11-24\": 1}}", StandardCharsets.UTF_8);
        String missing = work.resolve("no-such-file.json").toString();
        List<BadSetting> all = new ArrayList<>();
        all.add(bad("unknown init-param", List.of("unknown init-param [rotues]"), "rotues", "/bedrock/*=bedrock"));
        all.add(bad("routes rule without =", List.of("[/bedrock/*]", "[routes]", "no '='"), "routes", "/bedrock/*"));
        all.add(bad("routes pattern without leading /", List.of("[bedrock/*=bedrock]", "[routes]", "start with '/'"),
                "routes", "bedrock/*=bedrock"));
        all.add(bad("routes with a bad provider key", List.of("[/bedrock/*=bed rock]", "[routes]", "provider [bed rock]"),
                "routes", "/bedrock/*=bed rock"));
        all.add(bad("routes with **", List.of("[/bedrock/**=bedrock]", "[routes]", "'**' is not supported"),
                "routes", "/bedrock/**=bedrock"));
        all.add(bad("routes without a rule", List.of("[, ,]", "[routes]", "no rule found"), "routes", ", ,"));
        all.add(bad("provider and routes both set", List.of("[provider]", "[routes]", "not both"),
                "provider", "bedrock", "routes", "/vertex/*=vertex_ai"));
        all.add(bad("bad provider", List.of("invalid value [bed rock] for setting [provider]"), "provider", "bed rock"));
        all.add(bad("fetchTimeoutSeconds=0", List.of("invalid value [0] for setting [fetchTimeoutSeconds]"),
                "fetchTimeoutSeconds", "0"));
        all.add(bad("fetchTimeoutSeconds=abc", List.of("invalid value [abc] for setting [fetchTimeoutSeconds]"),
                "fetchTimeoutSeconds", "abc"));
        all.add(bad("localOnly=yes", List.of("invalid value [yes] for setting [localOnly]", "true or false"),
                "localOnly", "yes"));
        all.add(bad("missing configFile", List.of("invalid value [" + missing + "] for setting [configFile]"),
                "configFile", missing));
        all.add(bad("configFile not JSON", List.of("invalid value [" + notJson + "] for setting [configFile]",
                "not valid JSON"), "configFile", notJson.toString()));
        all.add(bad("configFile with a number for a name", List.of("invalid value [" + numberValue
                + "] for setting [configFile]", "beta [effort-2025-11-24]", "string or null"),
                "configFile", numberValue.toString()));
        Path unknownProvider = Files.writeString(work.resolve("unknown-provider.json"),
                "{\"bedrok/*opus*\": {\"*\": null}}", StandardCharsets.UTF_8);
        all.add(bad("overridesFile with an unknown provider", List.of("invalid value [" + unknownProvider
                + "] for setting [overridesFile] from init-param [overridesFile]", "file [" + unknownProvider + "]",
                "unknown provider [bedrok]"), "overridesFile", unknownProvider.toString()));
        all.add(bad("overridesFile not JSON", List.of("invalid value [" + notJson + "] for setting [overridesFile]",
                "not valid JSON"), "overridesFile", notJson.toString()));
        all.add(bad("overridesFile in a missing directory", List.of("[overridesFile]", "its directory does not exist"),
                "overridesFile", work.resolve("no-such-dir/overrides.json").toString()));
        all.add(bad("jdbcUrl no driver takes", List.of("[jdbc:nosuchdb://db/x?password=***]", "[jdbcUrl]",
                "no JDBC driver takes it"), "jdbcUrl", "jdbc:nosuchdb://db/x?password=pw-SECRET"));
        all.add(bad("dataSource that names nothing", List.of("[java:comp/env/jdbc/noSuchStore]", "[dataSource]",
                "the JNDI lookup failed"), "dataSource", "java:comp/env/jdbc/noSuchStore"));
        all.add(bad("dataSource and jdbcUrl both set", List.of("[dataSource]", "[jdbcUrl]", "not both"),
                "dataSource", "java:comp/env/jdbc/x", "jdbcUrl", "jdbc:h2:mem:x"));
        all.add(bad("bad tablePrefix", List.of("invalid value [Gateway-] for setting [tablePrefix]"),
                "tablePrefix", "Gateway-"));
        return all;
    }

    /**
     * Where the container reports why the deployment failed. Tomcat's start() returns, the context stays unstarted
     * and the cause goes to the context's logger ({@code java.util.logging}); Jetty's Server.start() throws the
     * filter's exception (Jetty also logs it through SLF4J, which has no binding in these tests).
     */
    static String reportedCause(ServletContainer container, IllegalStateException startFailure,
                                CapturedLog tomcatLog) {
        if (container == ServletContainer.TOMCAT) {
            return tomcatLog.text(Level.SEVERE);
        }
        StringBuilder chain = new StringBuilder();
        for (Throwable t = startFailure.getCause(); t != null; t = t.getCause()) {
            chain.append(t.getMessage()).append('\n');
        }
        return chain.toString();
    }

    static Stream<Arguments> containersAndBadSettings() throws Exception {
        List<Arguments> out = new ArrayList<>();
        for (BadSetting setting : badSettings()) {
            for (ServletContainer container : ServletContainer.values()) {
                out.add(Arguments.of(container, setting));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("containersAndBadSettings")
    void badSettingFailsDeploymentWithItsMessage(ServletContainer container, BadSetting setting) throws Exception {
        Gateway gateway = container.newGateway().route("/gw", upstream.uri());
        setting.params().forEach(gateway::filterParam);
        assertDeploymentFails(container, gateway, setting.message());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ServletContainer.class)
    void unknownSystemPropertyFailsDeployment(ServletContainer container) throws Exception {
        System.setProperty("anthropicBetaHeaders.rotues", "/bedrock/*=bedrock");
        try {
            assertDeploymentFails(container,
                    container.newGateway().filterParam("localOnly", "true").route("/gw", upstream.uri()),
                    List.of("unknown system property [anthropicBetaHeaders.rotues]"));
        } finally {
            System.clearProperty("anthropicBetaHeaders.rotues");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ServletContainer.class)
    void sameGatewayWithGoodSettingsDeploys(ServletContainer container) throws Exception {
        try (Gateway gateway = container.newGateway().filterParam("localOnly", "true").filterParam("provider", "bedrock")
                .filterParam("fetchTimeoutSeconds", "1").route("/gw", upstream.uri()).start()) {
            assertEquals("effort-2025-11-24", upstream.postThrough(gateway.uri(), "/gw/x",
                    "anthropic-beta: claude-code-20250219,effort-2025-11-24").header("anthropic-beta"));
        }
    }

    private static void assertDeploymentFails(ServletContainer container, Gateway gateway, List<String> message)
            throws Exception {
        try (CapturedLog filterLog = CapturedLog.of(CapturedLog.FILTER_LOGGER);
             CapturedLog tomcatLog = CapturedLog.of("org.apache.catalina")) {
            IllegalStateException failure = assertThrows(IllegalStateException.class, gateway::start);
            gateway.close();
            String filterSaid = filterLog.text(Level.SEVERE);
            String containerSaid = reportedCause(container, failure, tomcatLog);
            assertTrue(!filterSaid.contains("pw-SECRET") && !containerSaid.contains("pw-SECRET"), "a password shown");
            for (String fragment : message) {
                assertTrue(filterSaid.contains(fragment), "the filter's log lacks [" + fragment + "]:\n" + filterSaid);
                assertTrue(containerSaid.contains(fragment), container + " does not report [" + fragment + "]:\n"
                        + containerSaid);
            }
        }
    }
}
