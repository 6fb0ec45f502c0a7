package io.github.betaheaders.example.standalone.app;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;

/**
 * A servlet of a user's app that has its own JSON-B (deployed in WEB-INF/classes of the WAR built by the standalone
 * tests): answers {@code {"greeting":"hello","jsonb":"<where the JSON-B implementation was loaded from>"}},
 * serialised with that JSON-B. It calls JSON-B reflectively ({@code JsonbBuilder.create().toJson(..)}) so that this
 * module need not declare the JSON-B API: a test-scoped declaration would take it out of the gateway WAR.
 */
public class JsonbGreetingServlet extends HttpServlet {

    /** What the servlet serialises. */
    public static class Greeting {
        public String greeting = "hello";
        public String jsonb;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try {
            Class<?> builder = Class.forName("jakarta.json.bind.JsonbBuilder", true, loader);
            Object jsonb = builder.getMethod("create").invoke(null);
            try (AutoCloseable closing = (AutoCloseable) jsonb) {
                Greeting greeting = new Greeting();
                greeting.jsonb = String.valueOf(jsonb.getClass().getProtectionDomain().getCodeSource().getLocation());
                Method toJson = Class.forName("jakarta.json.bind.Jsonb", true, loader).getMethod("toJson", Object.class);
                byte[] body = ((String) toJson.invoke(jsonb, greeting)).getBytes(StandardCharsets.UTF_8);
                response.setContentType("application/json");
                response.getOutputStream().write(body);
            }
        } catch (Exception e) {
            throw new IOException("JSON-B failed", e);
        }
    }
}
