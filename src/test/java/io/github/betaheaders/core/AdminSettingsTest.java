package io.github.betaheaders.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AdminSettingsTest {

    private static AdminSettings read(Map<String, String> initParams) {
        return new AdminSettings(new Settings("servlet [admin]", initParams.keySet(), initParams::get, new Properties(),
                Map.of(), AdminSettings.NAMES, Map.of()));
    }

    @Test
    void defaults() {
        AdminSettings settings = read(Map.of());
        assertEquals(List.of(), settings.adminRoles());
        assertEquals(10, settings.maxFailures());
        assertEquals(60, settings.failureWindowSeconds());
        assertEquals(60, settings.blockSeconds());
    }

    @Test
    void rolesAreTrimmedAndDeduplicatedInOrder() {
        assertEquals(List.of("admin", "ops team", "x"), read(Map.of("adminRoles", " admin ,ops team,admin, x"))
                .adminRoles());
    }

    @ParameterizedTest
    @ValueSource(strings = {",", "admin,", "admin,,ops", "ad\u0000min", "a\u200eb"})
    void badRolesFailNamingTheSettingAndItsSource(String roles) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> read(Map.of("adminRoles", roles)));
        assertEquals(true, e.getMessage().startsWith("servlet [admin]: invalid value ["), e.getMessage());
        assertEquals(true, e.getMessage().contains("for setting [adminRoles] from init-param [adminRoles]: expected "
                + "role names separated by commas"), e.getMessage());
    }

    @Test
    void limitsOutOfRangeFail() {
        for (String name : List.of("adminMaxFailures", "adminFailureWindowSeconds", "adminBlockSeconds")) {
            InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> read(Map.of(name, "0")));
            assertEquals(true, e.getMessage().contains("invalid value [0] for setting [" + name + "]"), e.getMessage());
        }
        assertEquals(3, read(Map.of("adminMaxFailures", "3")).maxFailures());
    }
}
