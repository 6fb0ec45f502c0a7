package io.github.betaheaders.testsupport;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code WEB-INF/web.xml} (Servlet 6.0) for a test webapp: proxy servlets, optionally overrides of our filter and
 * admin servlet.
 */
public final class WebXml {

    /** The admin servlet's name, as the fragment declares it. */
    public static final String ADMIN_NAME = "AnthropicBetaHeadersAdmin";

    private boolean metadataComplete;
    private final Map<String, String> filterOverride = new LinkedHashMap<>();
    private final StringBuilder servlets = new StringBuilder();
    private final Map<String, String> adminOverride = new LinkedHashMap<>();
    private final List<String> adminPatterns = new ArrayList<>();
    private final StringBuilder extra = new StringBuilder();

    /** Declares {@code metadata-complete="true"}: the container then ignores web-fragment.xml files and annotations. */
    public WebXml metadataComplete() {
        metadataComplete = true;
        return this;
    }

    /**
     * Declares a filter named like the fragment's with this init-param and nothing else: by the spec's fragment
     * merging, it overrides that init-param and keeps the fragment's class, async support and mapping.
     */
    public WebXml overrideFilterParam(String name, String value) {
        filterOverride.put(name, value);
        return this;
    }

    /**
     * Declares a servlet named like the fragment's admin servlet with this init-param: it overrides that init-param
     * and keeps the fragment's class and URLs.
     */
    public WebXml overrideAdminParam(String name, String value) {
        adminOverride.put(name, value);
        return this;
    }

    /** Maps the fragment's admin servlet to {@code urlPattern} here, which replaces the fragment's URLs. */
    public WebXml mapAdmin(String urlPattern) {
        adminPatterns.add(urlPattern);
        return this;
    }

    /** Appends these web.xml elements as written (security constraints, login config, filters). */
    public WebXml extra(String elements) {
        extra.append(elements).append('\n');
        return this;
    }

    /** A proxy servlet on {@code prefix/*} forwarding to {@code upstream}. */
    public WebXml proxy(ProxyServletKind kind, String prefix, URI upstream) {
        String name = "proxy" + prefix.replace('/', '-');
        servlets.append("  <servlet>\n    <servlet-name>").append(name).append("</servlet-name>\n    <servlet-class>")
                .append(kind.servletClass().getName()).append("</servlet-class>\n");
        kind.initParams(prefix, upstream).forEach((k, v) -> servlets.append(initParam(k, v)));
        servlets.append("    <async-supported>true</async-supported>\n  </servlet>\n")
                .append("  <servlet-mapping>\n    <servlet-name>").append(name)
                .append("</servlet-name>\n    <url-pattern>").append(prefix).append("/*</url-pattern>\n")
                .append("  </servlet-mapping>\n");
        return this;
    }

    private static String initParam(String name, String value) {
        return "    <init-param>\n      <param-name>" + escape(name) + "</param-name>\n      <param-value>"
                + escape(value) + "</param-value>\n    </init-param>\n";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    @Override
    public String toString() {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.0\" metadata-complete=\"")
                .append(metadataComplete).append("\">\n");
        if (!filterOverride.isEmpty()) {
            xml.append("  <filter>\n    <filter-name>").append(Gateway.FILTER_NAME).append("</filter-name>\n");
            filterOverride.forEach((k, v) -> xml.append(initParam(k, v)));
            xml.append("  </filter>\n");
        }
        if (!adminOverride.isEmpty()) {
            xml.append("  <servlet>\n    <servlet-name>").append(ADMIN_NAME).append("</servlet-name>\n");
            adminOverride.forEach((k, v) -> xml.append(initParam(k, v)));
            xml.append("  </servlet>\n");
        }
        for (String pattern : adminPatterns) {
            xml.append("  <servlet-mapping>\n    <servlet-name>").append(ADMIN_NAME)
                    .append("</servlet-name>\n    <url-pattern>").append(escape(pattern))
                    .append("</url-pattern>\n  </servlet-mapping>\n");
        }
        return xml.append(servlets).append(extra).append("</web-app>\n").toString();
    }
}
