package io.github.betaheaders.servlet;

import io.github.betaheaders.core.BetaRules;
import io.github.betaheaders.metrics.RequestTally;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The answer headers of {@code reportDroppedBetas}: {@value #DROPPED} lists the betas the filter dropped from the
 * request (comma-separated), {@value #RENAMED} the ones it renamed ({@code from=to}, comma-separated); in report mode,
 * what enforce would have done. Set on the response before the proxy servlet runs, so that they go out with its
 * answer, streamed or not; left out when empty. Only HTTP tokens are listed, so nothing a client sent can break the
 * header.
 */
final class AnswerHeaders {

    static final String DROPPED = "x-anthropic-beta-dropped";
    static final String RENAMED = "x-anthropic-beta-renamed";

    private AnswerHeaders() {
    }

    static void set(ServletResponse response, RequestTally tally) {
        if (!(response instanceof HttpServletResponse http) || response.isCommitted()) {
            return;
        }
        Set<String> dropped = tally.dropped();
        if (!dropped.isEmpty()) {
            StringJoiner value = new StringJoiner(",");
            dropped.stream().filter(BetaRules::isToken).forEach(value::add);
            if (value.length() > 0) {
                http.setHeader(DROPPED, value.toString());
            }
        }
        Map<String, String> renamed = tally.renamed();
        if (!renamed.isEmpty()) {
            StringJoiner value = new StringJoiner(",");
            renamed.forEach((from, to) -> {
                if (BetaRules.isToken(from) && BetaRules.isToken(to)) {
                    value.add(from + "=" + to);
                }
            });
            if (value.length() > 0) {
                http.setHeader(RENAMED, value.toString());
            }
        }
    }
}
