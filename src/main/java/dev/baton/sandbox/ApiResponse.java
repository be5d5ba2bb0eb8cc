package dev.baton.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** What an endpoint answers: a status, extra headers and a body (JSON unless said otherwise). */
public final class ApiResponse {
    static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    static final String JSON_TYPE = "application/json; charset=utf-8";

    private final int status;
    private final byte[] body;
    private final String contentType;
    private final Map<String, String> headers = new LinkedHashMap<>();

    private ApiResponse(int status, byte[] body, String contentType) {
        this.status = status;
        this.body = body == null ? new byte[0] : body;
        this.contentType = contentType;
    }

    /** A JSON answer; value is usually a LinkedHashMap so fields keep GitHub's order. */
    public static ApiResponse json(int status, Object value) {
        try {
            return new ApiResponse(status, JSON.writeValueAsBytes(value), JSON_TYPE);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise answer: " + e.getOriginalMessage(), e);
        }
    }

    public static ApiResponse ok(Object value) {
        return json(200, value);
    }

    public static ApiResponse noContent() {
        return new ApiResponse(204, null, null);
    }

    public static ApiResponse redirect(String location) {
        return new ApiResponse(302, null, null).header("Location", location);
    }

    public static ApiResponse bytes(int status, byte[] body, String contentType) {
        return new ApiResponse(status, body, contentType);
    }

    public static ApiResponse text(String text) {
        return new ApiResponse(200, text.getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8");
    }

    /** GitHub's error body. */
    public static ApiResponse error(int status, String message, String documentationUrl) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", message);
        body.put("documentation_url", documentationUrl);
        body.put("status", String.valueOf(status));
        return json(status, body);
    }

    public static ApiResponse error(ApiException e) {
        return error(e.status(), e.getMessage(), e.documentationUrl());
    }

    public ApiResponse header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public int status() {
        return status;
    }

    public byte[] body() {
        return body;
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public String contentType() {
        return contentType;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public boolean isJson() {
        return JSON_TYPE.equals(contentType);
    }
}
