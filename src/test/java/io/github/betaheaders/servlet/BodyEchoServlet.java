package io.github.betaheaders.servlet;

import io.github.betaheaders.testsupport.Gateway;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;

/**
 * An application servlet behind the filter that reads the body itself, through {@code getReader()} ({@code ?via=reader})
 * or {@code getInputStream()}, then tries the other way, and answers with what it read (as text, and in Base64 as
 * bytes), its {@code anthropic-beta} header lines and what the request said about its length, as JSON.
 */
final class BodyEchoServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** Maps a new one at {@code prefix/*} of a gateway not yet started. */
    static Gateway addTo(Gateway gateway, String prefix) {
        return gateway.addServlet("echo", new BodyEchoServlet(), prefix + "/*", Map.of());
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String body;
        byte[] bytes;
        String otherWay = "none";
        if ("reader".equals(request.getParameter("via"))) {
            StringWriter text = new StringWriter();
            request.getReader().transferTo(text);
            body = text.toString();
            bytes = body.getBytes(StandardCharsets.UTF_8);
            try {
                request.getInputStream();
            } catch (IllegalStateException e) {
                otherWay = "IllegalStateException";
            }
        } else {
            bytes = request.getInputStream().readAllBytes();
            body = new String(bytes, StandardCharsets.UTF_8);
            try {
                request.getReader();
            } catch (IllegalStateException e) {
                otherWay = "IllegalStateException";
            }
        }
        String lengthHeaderNames = Collections.list(request.getHeaderNames()).stream()
                .filter(name -> name.equalsIgnoreCase("content-length")).map(name -> name.toLowerCase(Locale.ROOT))
                .toList().toString();
        String transferEncoding = request.getHeader("Transfer-Encoding");
        String contentLengthHeader = request.getHeader("Content-Length");
        JsonArrayBuilder betas = Json.createArrayBuilder();
        Collections.list(request.getHeaders("anthropic-beta")).forEach(betas::add);
        String json = Json.createObjectBuilder()
                .add("body", body)
                .add("bodyBase64", Base64.getEncoder().encodeToString(bytes))
                .add("betas", betas)
                .add("otherWay", otherWay)
                .add("contentLength", request.getContentLength())
                .add("contentLengthLong", request.getContentLengthLong())
                .add("contentLengthHeader", contentLengthHeader == null ? "" : contentLengthHeader)
                .add("intHeader", request.getIntHeader("Content-Length"))
                .add("lengthHeaderNames", lengthHeaderNames)
                .add("transferEncoding", transferEncoding == null ? "" : transferEncoding)
                .add("dispatcherType", request.getDispatcherType().name())
                .build().toString();
        response.setContentType("application/json;charset=UTF-8");
        response.getOutputStream().write(json.getBytes(StandardCharsets.UTF_8));
    }
}
