package dev.baton.sandbox;

/**
 * An API error answered in GitHub's shape: {"message", "documentation_url", "status"}. Endpoint code
 * throws it; the server turns it into the response so handlers stay linear.
 */
public class ApiException extends RuntimeException {
    static final String DOCS = "https://docs.github.com/rest";

    private final int status;
    private final String documentationUrl;

    public ApiException(int status, String message) {
        this(status, message, DOCS);
    }

    public ApiException(int status, String message, String documentationUrl) {
        super(message);
        this.status = status;
        this.documentationUrl = documentationUrl;
    }

    public int status() {
        return status;
    }

    public String documentationUrl() {
        return documentationUrl;
    }

    public static ApiException notFound() {
        return new ApiException(404, "Not Found");
    }

    public static ApiException unprocessable(String message) {
        return new ApiException(422, message);
    }

    public static ApiException conflict(String message) {
        return new ApiException(409, message);
    }
}
