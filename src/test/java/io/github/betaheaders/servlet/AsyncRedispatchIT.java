package io.github.betaheaders.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An app that passes the filter's wrapped request to {@code startAsync} and dispatches it: the filter, mapped for ASYNC
 * too, must not run the rules a second time on their own output. The mapping makes a second pass visible: {@code a}
 * becomes {@code b}, and {@code b} is unsupported.
 */
class AsyncRedispatchIT {

    static Server server;
    static ServerConnector connector;
    static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        Path mapping = Files.writeString(dir.resolve("mapping.json"), "{\"bedrock\": {\"a\": \"b\", \"b\": null}}");
        server = new Server();
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addEventListener(new AnthropicBetaHeadersListener());
        FilterHolder filter = new FilterHolder(AnthropicBetaHeadersFilter.class);
        filter.setAsyncSupported(true);
        filter.setInitParameter("provider", "bedrock");
        filter.setInitParameter("localOnly", "true");
        filter.setInitParameter("configFile", mapping.toString());
        context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
        ServletHolder redispatch = new ServletHolder(new HttpServlet() {
            @Override
            protected void service(HttpServletRequest req, HttpServletResponse resp) {
                AsyncContext async = req.startAsync(req, resp);
                async.dispatch("/echo/x");
            }
        });
        redispatch.setAsyncSupported(true);
        context.addServlet(redispatch, "/app/*");
        ServletHolder echo = new ServletHolder(new HttpServlet() {
            @Override
            protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                resp.getWriter().print(req.getDispatcherType() + " " + req.getHeader("anthropic-beta"));
            }
        });
        echo.setAsyncSupported(true);
        context.addServlet(echo, "/echo/*");
        server.setHandler(context);
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    private static String get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + connector.getLocalPort() + path))
                .header("anthropic-beta", "a").build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void rulesRunOnceOnTheRequestsFirstDispatch() throws Exception {
        assertEquals("REQUEST b", get("/echo/x"));
    }

    @Test
    void anAsyncDispatchOfTheWrappedRequestIsNotRewrittenAgain() throws Exception {
        assertEquals("ASYNC b", get("/app/x"));
    }
}
