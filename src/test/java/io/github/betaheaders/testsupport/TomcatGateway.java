package io.github.betaheaders.testsupport;

import io.github.betaheaders.servlet.AnthropicBetaHeadersFilter;
import io.github.betaheaders.servlet.AnthropicBetaHeadersListener;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.Wrapper;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * Embedded Tomcat 10.1 on 127.0.0.1: the filter in front of MITRE's smiley-http-proxy-servlet (or another
 * {@link ProxyServletKind}), one per route prefix. Its base directory is under {@link TestDirectories#build()}.
 */
public final class TomcatGateway extends Gateway {

    /** The connector's default async timeout (Tomcat has one setting for it; Jetty none); 0 for Tomcat's 30 s. */
    private long asyncTimeoutMillis;

    /** Sets the connector's default timeout of asynchronous requests. */
    public TomcatGateway asyncTimeoutMillis(long millis) {
        asyncTimeoutMillis = millis;
        return this;
    }

    private Tomcat tomcat;
    private Context context;

    public TomcatGateway() {
        super(ProxyServletKind.MITRE);
    }

    @Override
    public TomcatGateway start() throws Exception {
        Path baseDir = TestDirectories.newDirectory("tomcat-gateway");
        tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        tomcat.setHostname("127.0.0.1");
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        if (maxThreads > 0) {
            tomcat.getConnector().setProperty("maxThreads", String.valueOf(maxThreads));
        }
        if (idleTimeoutMillis > 0) {
            tomcat.getConnector().setProperty("connectionTimeout", String.valueOf(idleTimeoutMillis));
        }
        if (asyncTimeoutMillis > 0) {
            tomcat.getConnector().setAsyncTimeout(asyncTimeoutMillis);
        }
        context = tomcat.addContext("", Files.createDirectories(baseDir.resolve("docBase")).toString());
        filtersBefore.forEach((name, before) -> {
            FilterDef def = new FilterDef();
            def.setFilterName(name);
            def.setFilter(before);
            def.setFilterClass(before.getClass().getName());
            def.setAsyncSupported("true");
            context.addFilterDef(def);
            context.addFilterMap(mapToEverything(name));
        });
        context.addApplicationListener(AnthropicBetaHeadersListener.class.getName());
        FilterDef def = new FilterDef();
        def.setFilterName(FILTER_NAME);
        def.setFilterClass(AnthropicBetaHeadersFilter.class.getName());
        def.setAsyncSupported("true");
        filterParams.forEach(def::addInitParameter);
        context.addFilterDef(def);
        context.addFilterMap(mapToEverything(FILTER_NAME));
        routes.forEach((prefix, upstream) -> {
            String name = "proxy" + prefix.replace('/', '-');
            Wrapper wrapper = Tomcat.addServlet(context, name, proxyKind.newServlet());
            proxyKind.initParams(prefix, upstream).forEach(wrapper::addInitParameter);
            wrapper.setAsyncSupported(true);
            context.addServletMappingDecoded(prefix + "/*", name);
        });
        tomcat.start();
        if (context.getState() != LifecycleState.STARTED) {
            close();
            throw new IllegalStateException(this + ": context did not start: " + context.getState()
                    + " (Tomcat logs the cause to the context's logger)");
        }
        return this;
    }

    private static FilterMap mapToEverything(String filterName) {
        FilterMap map = new FilterMap();
        map.setFilterName(filterName);
        map.addURLPattern("/*");
        map.setDispatcher("REQUEST");
        map.setDispatcher("ASYNC");
        return map;
    }

    @Override
    public URI uri() {
        return URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort());
    }

    public Context context() {
        return context;
    }

    @Override
    public void close() throws Exception {
        if (tomcat != null) {
            tomcat.stop();
            tomcat.destroy();
            tomcat = null;
        }
    }

    @Override
    public String toString() {
        return "Tomcat 10.1 + " + proxyKind;
    }
}
