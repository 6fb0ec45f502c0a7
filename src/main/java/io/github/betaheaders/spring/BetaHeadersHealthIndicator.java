package io.github.betaheaders.spring;

import io.github.betaheaders.service.BetaHeadersService;
import java.time.Instant;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** The mapping's health for Spring Boot 4.0's Actuator ({@link MappingHealth}). */
final class BetaHeadersHealthIndicator implements HealthIndicator {

    private final BetaHeadersService service;

    BetaHeadersHealthIndicator(BetaHeadersService service) {
        this.service = service;
    }

    @Override
    public Health health() {
        return Health.up().withDetails(MappingHealth.details(service, Instant.now())).build();
    }
}
