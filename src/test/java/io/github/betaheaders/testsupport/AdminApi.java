package io.github.betaheaders.testsupport;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Calls the admin API over real HTTP, as curl would. */
public final class AdminApi {

    /** A response: status, headers and body, with the body read as a JSON object on demand. */
    public record Answer(int status, HttpHeaders headers, String body) {

        public JsonObject json() {
            try (JsonReader reader = Json.createReader(new StringReader(body))) {
                return reader.readObject();
            } catch (RuntimeException e) {
                throw new AssertionError("not a JSON object (HTTP " + status + "): " + body, e);
            }
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return "HTTP " + status + " " + body;
        }
    }

    private final HttpClient client;
    private final URI base;
    private final String token;

    /**
     * @param base  the webapp's root, ending in {@code /}
     * @param token sent as {@code Authorization: Bearer <token>}; {@code null} sends no header
     */
    public AdminApi(HttpClient client, URI base, String token) {
        this.client = client;
        this.base = base;
        this.token = token;
    }

    public AdminApi withToken(String other) {
        return new AdminApi(client, base, other);
    }

    /** {@code path} relative to the webapp's root, without a leading slash (e.g. {@code reload/anthropic_beta_headers}). */
    public Answer call(String method, String path) {
        return call(method, path, token == null ? null : "Bearer " + token);
    }

    /** With an {@code Authorization} header as given ({@code null}: none). */
    public Answer call(String method, String path, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody());
        return send(request, authorization);
    }

    /** With a JSON body ({@code Content-Type: application/json}), and the token. */
    public Answer callWithJson(String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        return send(request, token == null ? null : "Bearer " + token);
    }

    private Answer send(HttpRequest.Builder request, String authorization) {
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
