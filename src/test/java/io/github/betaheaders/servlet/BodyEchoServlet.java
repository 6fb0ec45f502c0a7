package io.github.betaheaders.servlet;

import io.github.betaheaders.testsupport.Gateway;
import io.github.betaheaders.testsupport.JettyGateway;
import io.github.betaheaders.testsupport.TomcatGateway;
import jakarta.json.Json;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Locale;
import org.apache.catalina.startup.Tomcat;
import org.eclipse.jetty.ee10.servlet.ServletHolder;

/**
 * An application servlet behind the filter that reads the body itself, through {@code getReader()} ({@code ?via=reader})
 * or {@code getInputStream()}, then tries the other way, and answers with what it read and what the request said about
 * its length, as JSON.
 */
final class BodyEchoServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** Maps a new one at {@code prefix/*} of a started gateway. */
    static void addTo(Gateway gateway, String prefix) {
        if (gateway instanceof JettyGateway jetty) {
            ServletHolder holder = new ServletHolder(new BodyEchoServlet());
            holder.setName("echo");
            jetty.context().addServlet(holder, prefix + "/*");
        } else if (gateway instanceof TomcatGateway tomcat) {
            Tomcat.addServlet(tomcat.context(), "echo", new BodyEchoServlet());
            tomcat.context().addServletMappingDecoded(prefix + "/*", "echo");
        } else {
            throw new IllegalArgumentException("unknown gateway " + gateway);
        }
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String body;
        String otherWay = "none";
        if ("reader".equals(request.getParameter("via"))) {
            StringWriter text = new StringWriter();
            request.getReader().transferTo(text);
            body = text.toString();
            try {
                request.getInputStream();
            } catch (IllegalStateException e) {
                otherWay = "IllegalStateException";
            }
        } else {
            body = new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
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
        String json = Json.createObjectBuilder()
                .add("body", body)
                .add("otherWay", otherWay)
                .add("contentLength", request.getContentLength())
                .add("contentLengthLong", request.getContentLengthLong())
                .add("contentLengthHeader", contentLengthHeader == null ? "" : contentLengthHeader)
                .add("intHeader", request.getIntHeader("Content-Length"))
                .add("lengthHeaderNames", lengthHeaderNames)
                .add("transferEncoding", transferEncoding == null ? "" : transferEncoding)
                .build().toString();
        response.setContentType("application/json;charset=UTF-8");
        response.getOutputStream().write(json.getBytes(StandardCharsets.UTF_8));
    }
}
