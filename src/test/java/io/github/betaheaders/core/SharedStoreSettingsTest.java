package io.github.betaheaders.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The shared store's settings: read like the others, checked at deployment, the password never shown. */
class SharedStoreSettingsTest {

    private static final String PASSWORD = "pw-SECRET-42";

    private final Map<String, String> params = new LinkedHashMap<>();
    private final Properties system = new Properties();
    private final Map<String, String> env = new HashMap<>();

    private Settings sources() {
        return new Settings("filter [F]", params.keySet(), params::get, system, env, FilterSettings.NAMES,
                FilterSettings.LITELLM_ALIASES);
    }

    private String error() {
        String message = assertThrows(InvalidSettingException.class, () -> new FilterSettings(sources()))
                .getMessage();
        assertFalse(message.contains(PASSWORD), message);
        return message;
    }

    @Test
    void noStoreByDefault() {
        FilterSettings s = new FilterSettings(sources());
        assertFalse(s.sharedStore());
        assertNull(s.dataSource());
        assertNull(s.jdbcUrl());
        assertTrue(s.createTables());
        assertEquals("anthropic_beta_headers_", s.tablePrefix());
        assertNull(s.nodeName());
    }

    @Test
    void fromTheEnvironmentUnderTheUsualNames() {
        env.put("ANTHROPIC_BETA_HEADERS_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/test");
        env.put("ANTHROPIC_BETA_HEADERS_JDBC_USER", "postgres");
        env.put("ANTHROPIC_BETA_HEADERS_JDBC_PASSWORD", PASSWORD);
        env.put("ANTHROPIC_BETA_HEADERS_CREATE_TABLES", "false");
        env.put("ANTHROPIC_BETA_HEADERS_TABLE_PREFIX", "gw_");
        system.setProperty("anthropicBetaHeaders.nodeName", "gw-1");
        FilterSettings s = new FilterSettings(sources());
        assertTrue(s.sharedStore());
        assertEquals("jdbc:postgresql://127.0.0.1:5432/test", s.jdbcUrl());
        assertEquals("postgres", s.jdbcUser());
        assertEquals(PASSWORD, s.jdbcPassword());
        assertFalse(s.createTables());
        assertEquals("gw_", s.tablePrefix());
        assertEquals("gw-1", s.nodeName());
        String logged = sources().describeSources();
        assertFalse(logged.contains(PASSWORD), logged);
        assertTrue(logged.contains("jdbcPassword=" + Settings.REDACTED), logged);
    }

    @Test
    void aDataSourceByItsJndiName() {
        params.put("dataSource", "java:comp/env/jdbc/betaHeaders");
        assertEquals("java:comp/env/jdbc/betaHeaders", new FilterSettings(sources()).dataSource());
        assertTrue(new FilterSettings(sources()).sharedStore());
    }

    @Test
    void dataSourceAndJdbcUrlTogetherFail() {
        params.put("dataSource", "java:comp/env/jdbc/betaHeaders");
        env.put("ANTHROPIC_BETA_HEADERS_JDBC_URL", "jdbc:h2:mem:x");
        String message = error();
        assertTrue(message.contains("[dataSource]") && message.contains("init-param [dataSource]")
                && message.contains("environment variable [ANTHROPIC_BETA_HEADERS_JDBC_URL]"), message);
    }

    @Test
    void aPasswordInTheUrlIsNotShown() {
        params.put("jdbcUrl", "postgresql://u:" + PASSWORD + "@db/x?password=" + PASSWORD);
        String message = error();
        assertTrue(message.contains("[jdbcUrl]") && message.contains("init-param [jdbcUrl]"), message);
        params.put("jdbcUrl", "jdbc:postgresql://u:" + PASSWORD + "@db/x?password=" + PASSWORD);
        String logged = sources().describeSources();
        assertFalse(logged.contains(PASSWORD), logged);
        params.put("jdbcUrl", "jdbc:h2:mem:x\u0007y;USER=sa;PASSWORD=" + PASSWORD);
        String bad = error();
        assertTrue(bad.contains("PASSWORD=***"), bad);
    }

    @Test
    void userAndPasswordOnlyWithAUrl() {
        params.put("jdbcPassword", PASSWORD);
        String message = error();
        assertTrue(message.contains("[jdbcPassword]") && message.contains("not shown"), message);
        params.clear();
        params.put("jdbcUser", "postgres");
        assertTrue(error().contains("[jdbcUser]"));
    }

    @Test
    void aPasswordWithAControlCharacterIsRefusedWithoutShowingIt() {
        params.put("jdbcUrl", "jdbc:h2:mem:x");
        params.put("jdbcPassword", PASSWORD + "\u0001x");
        assertTrue(error().contains("[jdbcPassword]"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "tablePrefix|Gateway_|lower-case ASCII letters",
        "tablePrefix|gw-1_|lower-case ASCII letters",
        "tablePrefix|1gw|lower-case ASCII letters",
        "tablePrefix|aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa|at most 40",
        "tablePrefix|gw_;drop table x|lower-case ASCII letters",
        "createTables|yes|expected true or false",
        "dataSource|java:comp/env/jdbc/beta headers|JNDI name",
    })
    void badValuesNameTheSettingTheSourceAndTheValue(String name, String value, String expectation) {
        params.put(name, value);
        String message = error();
        assertTrue(message.contains("[" + name + "]") && message.contains("init-param [" + name + "]")
                && message.contains(expectation), message);
    }

    @Test
    void aNodeNameWithAControlCharacterIsRefused() {
        params.put("nodeName", "gw\r\n1");
        assertTrue(error().contains("[nodeName]"));
        params.put("nodeName", "g".repeat(256));
        assertTrue(error().contains("at most 255"));
    }
}
