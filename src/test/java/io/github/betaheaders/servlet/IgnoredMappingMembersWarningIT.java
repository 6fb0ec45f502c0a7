package io.github.betaheaders.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.betaheaders.testsupport.CapturedLog;
import io.github.betaheaders.testsupport.Gateway;
import io.github.betaheaders.testsupport.ServletContainer;
import io.github.betaheaders.testsupport.TestDirectories;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A mapping with thousands of members that are not sections: the filter's start logs one WARNING line for them all. */
class IgnoredMappingMembersWarningIT {

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void manyIgnoredMembersMakeOneWarningLineAtStart(ServletContainer container) throws Throwable {
        StringBuilder doc = new StringBuilder("{\"anthropic\":{},\"bedrock\":{\"a\":\"b\"},\"vertex_ai\":{},"
                + "\"azure_ai\":{}");
        for (int i = 0; i < 5_000; i++) {
            doc.append(",\"note").append(i).append("\":\"n\"");
        }
        Path config = Files.writeString(TestDirectories.newDirectory("ignored-members").resolve("config.json"),
                doc.append('}'));
        List<String> warnings;
        try (CapturedLog log = CapturedLog.of(CapturedLog.FILTER_LOGGER)) {
            try (Gateway started = container.newGateway().filterParam("localOnly", "true")
                    .filterParam("configFile", config.toString()).start()) {
                warnings = log.entries().stream().filter(e -> e.level().equals(Level.WARNING))
                        .map(CapturedLog.Entry::message).toList();
            }
        }
        assertEquals(1, warnings.size(), String.join("\n", warnings));
        assertTrue(warnings.get(0).endsWith(": mapping from " + config + ": 5000 members ignored (not objects): "
                + "[note0 (a string), note1 (a string), note2 (a string), note3 (a string), note4 (a string), ...]"),
                warnings.get(0));
    }
}
