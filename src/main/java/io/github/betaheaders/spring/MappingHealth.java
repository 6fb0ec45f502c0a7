package io.github.betaheaders.spring;

import io.github.betaheaders.load.MappingLoader;
import io.github.betaheaders.load.MappingSnapshot;
import io.github.betaheaders.service.BetaHeadersService;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the health contributors of Boot 4.0 and 3.5 show: the mapping in force (where from, its SHA-256, providers,
 * when loaded and its age) and the last load attempt with its error. Always up: a failed reload keeps the mapping in
 * force, and the filter never runs without one (the bundled mapping at worst).
 */
final class MappingHealth {

    private MappingHealth() {
    }

    static Map<String, Object> details(BetaHeadersService service, Instant now) {
        MappingLoader.Status status = service.status();
        MappingSnapshot active = status.active();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("mode", service.settings().mode());
        details.put("source", active.source());
        details.put("sha256", active.sha256());
        details.put("providers", active.mapping().providerCount());
        details.put("loadedAt", active.loadedAt().toString());
        details.put("ageSeconds", Math.max(0, Duration.between(active.loadedAt(), now).toSeconds()));
        MappingLoader.Attempt last = status.lastAttempt();
        if (last != null) {
            Map<String, Object> attempt = new LinkedHashMap<>();
            attempt.put("at", last.at().toString());
            attempt.put("status", last.succeeded() ? "success" : "error");
            if (!last.succeeded()) {
                attempt.put("error", last.error());
            }
            details.put("lastAttempt", attempt);
        }
        return details;
    }
}
