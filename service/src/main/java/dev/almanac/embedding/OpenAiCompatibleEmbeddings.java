package dev.almanac.embedding;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Any server speaking OpenAI's {@code POST /v1/embeddings} (OpenAI, Ollama, vLLM, LM Studio…).
 * The API key is sent only in the Authorization header and never appears in errors or logs.
 */
public final class OpenAiCompatibleEmbeddings implements EmbeddingProvider {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_BATCH = 64;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI endpoint;
    private final String apiKey;
    private final String model;
    private final int dimension;
    private final Duration timeout;

    public OpenAiCompatibleEmbeddings(String baseUrl, String apiKey, String model, int dimension, Duration timeout) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.endpoint = URI.create(base + "/embeddings");
        this.apiKey = apiKey;
        this.model = model;
        this.dimension = dimension;
        this.timeout = timeout;
    }

    @Override
    public String modelName() {
        return "openai:" + model;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += MAX_BATCH) {
            out.addAll(call(texts.subList(from, Math.min(texts.size(), from + MAX_BATCH))));
        }
        return out;
    }

    private List<float[]> call(List<String> batch) {
        String body = JSON.writeValueAsString(Map.of("model", model, "input", batch));
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (apiKey != null && !apiKey.isBlank()) request.header("Authorization", "Bearer " + apiKey);
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new EmbeddingException("embedding server unreachable at " + endpoint.getHost() + ": " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddingException("interrupted");
        }
        if (response.statusCode() != 200) {
            throw new EmbeddingException("embedding server answered HTTP " + response.statusCode());
        }
        JsonNode data = JSON.readTree(response.body()).path("data");
        if (!data.isArray() || data.size() != batch.size()) {
            throw new EmbeddingException("embedding server returned " + data.size() + " vectors for " + batch.size() + " inputs");
        }
        float[][] vectors = new float[batch.size()][];
        for (JsonNode item : data) {
            int index = item.path("index").asInt(-1);
            JsonNode values = item.path("embedding");
            if (index < 0 || index >= batch.size() || values.size() != dimension) {
                throw new EmbeddingException("embedding server returned a malformed vector");
            }
            float[] v = new float[dimension];
            for (int i = 0; i < dimension; i++) v[i] = (float) values.get(i).asDouble();
            vectors[index] = EmbeddingProvider.normalize(v);
        }
        return List.of(vectors);
    }

    public static final class EmbeddingException extends RuntimeException {
        EmbeddingException(String message) {
            super(message);
        }
    }
}
