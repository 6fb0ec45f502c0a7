package io.github.betaheaders.spring;

import io.github.betaheaders.service.BetaHeadersService;
import java.time.Instant;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/** The mapping's health for Spring Boot 3.5's Actuator ({@link MappingHealth}). */
final class Boot3BetaHeadersHealthIndicator implements HealthIndicator {

    private final BetaHeadersService service;

    Boot3BetaHeadersHealthIndicator(BetaHeadersService service) {
        this.service = service;
    }

    @Override
    public Health health() {
        return Health.up().withDetails(MappingHealth.details(service, Instant.now())).build();
    }
}
