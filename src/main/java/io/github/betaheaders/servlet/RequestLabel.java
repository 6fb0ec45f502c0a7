package io.github.betaheaders.servlet;

import jakarta.servlet.http.HttpServletRequest;

/** How log lines name a request: {@code request POST /bedrock/model/x/invoke}. */
final class RequestLabel {

    private RequestLabel() {
    }

    static String of(HttpServletRequest request) {
        return "request " + request.getMethod() + " " + request.getRequestURI();
    }
}
