package io.github.betaheaders.example;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * A WAR of the smallest gateway, {@code minimal/WEB-INF/web.xml} as a user copies it, with each route's
 * {@code proxyTo} pointed elsewhere, and in {@code WEB-INF/lib} the jars of the example WAR as built: the library,
 * Jetty's proxy servlet and client, SLF4J. No class of the example.
 */
final class MinimalWar {

    static final Path WEB_XML = Path.of(System.getProperty("minimal.webXml", "minimal/WEB-INF/web.xml"));

    /** The {@code proxyTo} of each route in the descriptor, as a user finds it. */
    static final Map<String, String> PROXY_TO = Map.of(
            "anthropic", "https://api.anthropic.com",
            "bedrock", "https://bedrock-runtime.us-east-1.amazonaws.com",
            "vertex_ai", "https://us-east5-aiplatform.googleapis.com/v1",
            "azure_ai", "https://my-resource.services.ai.azure.com");

    private MinimalWar() {
    }

    /**
     * Writes the WAR under {@code target/}, each provider mode's {@code proxyTo} replaced by {@code upstreams}'
     * URL for it, and the libraries taken from {@code gatewayWar}.
     *
     * @throws IllegalStateException when a {@code proxyTo} of {@link #PROXY_TO} is not in the descriptor exactly once
     */
    static Path build(Map<String, URI> upstreams, Path gatewayWar) throws IOException {
        String webXml = Files.readString(WEB_XML, StandardCharsets.UTF_8);
        for (Map.Entry<String, String> route : PROXY_TO.entrySet()) {
            String value = "<param-name>proxyTo</param-name><param-value>" + route.getValue() + "</param-value>";
            if (webXml.indexOf(value) < 0 || webXml.indexOf(value) != webXml.lastIndexOf(value)) {
                throw new IllegalStateException(WEB_XML + " does not hold [" + value + "] once");
            }
            String upstream = upstreams.get(route.getKey()).toString();
            webXml = webXml.replace(value, "<param-name>proxyTo</param-name><param-value>" + upstream
                    + "</param-value>");
        }
        Path war = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "minimal-war")
                .resolve("minimal-gateway.war");
        try (OutputStream out = Files.newOutputStream(war); ZipOutputStream zip = new ZipOutputStream(out);
             ZipFile gateway = new ZipFile(gatewayWar.toFile())) {
            zip.putNextEntry(new ZipEntry("WEB-INF/web.xml"));
            zip.write(webXml.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            for (ZipEntry jar : gateway.stream().filter(e -> e.getName().startsWith("WEB-INF/lib/")
                    && e.getName().endsWith(".jar")).toList()) {
                zip.putNextEntry(new ZipEntry(jar.getName()));
                try (InputStream in = gateway.getInputStream(jar)) {
                    in.transferTo(zip);
                }
                zip.closeEntry();
            }
        }
        return war;
    }
}
