package io.github.betaheaders.spring;

import io.github.betaheaders.core.InvalidSettingException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a bad {@code anthropic-beta-headers.*} property into Spring Boot's start failure report ("APPLICATION FAILED
 * TO START"): the library's message, naming the property and the value (never a secret's), and what to do, instead
 * of a stack trace. Listed in {@code META-INF/spring.factories}.
 */
public class InvalidSettingFailureAnalyzer extends AbstractFailureAnalyzer<InvalidSettingException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidSettingException cause) {
        return new FailureAnalysis(cause.getMessage(), "Correct the property (see the "
                + AnthropicBetaHeadersProperties.PREFIX + ".* properties in the library's README), or set "
                + AnthropicBetaHeadersProperties.PREFIX + ".enabled=false to leave the library out.", cause);
    }
}
