package io.github.betaheaders.example;

import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The gateway's default servlet (mapped to {@code /}), in place of the container's, which would list the WAR's
 * directories ({@code META-INF/}, {@code WEB-INF/}) or serve its files. {@code /} answers a short JSON document naming
 * the routes and the admin URLs; every other path that no route takes answers a 404 JSON error naming the routes. The
 * routes are read from the servlet registrations: every {@link UpstreamProxyServlet}, and the library's admin servlet.
 */
public class GatewayIndexServlet extends HttpServlet {

    public static final String ADMIN_SERVLET = "AnthropicBetaHeadersAdmin";

    private byte[] index;
    private byte[] notFound;

    @Override
    public void init() {
        Map<String, String> routes = routes(getServletContext().getServletRegistrations());
        ServletRegistration admin = getServletContext().getServletRegistration(ADMIN_SERVLET);
        List<String> adminUrls = admin == null ? List.of() : admin.getMappings().stream().sorted().toList();
        StringBuilder json = new StringBuilder("{\"service\":\"anthropic-beta-headers gateway\",\"routes\":{");
        List<String> entries = new ArrayList<>();
        routes.forEach((mapping, servlet) -> entries.add(quote(mapping) + ":" + quote(servlet)));
        json.append(String.join(",", entries)).append("},\"admin\":[");
        json.append(String.join(",", adminUrls.stream().map(GatewayIndexServlet::quote).toList())).append("]}");
        index = json.toString().getBytes(StandardCharsets.UTF_8);
        notFound = ("{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\",\"message\":"
                + quote("No route here: the gateway forwards " + String.join(", ", routes.keySet())
                        + "; GET / lists the routes and the admin URLs.") + "}}").getBytes(StandardCharsets.UTF_8);
    }

    /** Each mapping of an {@link UpstreamProxyServlet} with the servlet's name, sorted by mapping. */
    public static Map<String, String> routes(Map<String, ? extends ServletRegistration> registrations) {
        Map<String, String> routes = new TreeMap<>();
        registrations.forEach((name, registration) -> {
            if (UpstreamProxyServlet.class.getName().equals(registration.getClassName())) {
                registration.getMappings().forEach(mapping -> routes.put(mapping, name));
            }
        });
        return routes;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        boolean root = "/".equals(request.getServletPath()) && request.getPathInfo() == null;
        byte[] body = root ? index : notFound;
        response.setStatus(root ? HttpServletResponse.SC_OK : HttpServletResponse.SC_NOT_FOUND);
        response.setContentType("application/json");
        response.setContentLength(body.length);
        if (!"HEAD".equals(request.getMethod())) {
            response.getOutputStream().write(body);
        }
    }

    /** A JSON string; the names come from web.xml, but are escaped all the same. */
    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
