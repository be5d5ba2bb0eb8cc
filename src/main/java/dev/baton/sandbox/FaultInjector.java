package dev.baton.sandbox;

import java.time.Duration;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Applies the engine's {@link FaultSettings} to API requests: latency, 5xx, 429 and secondary-rate-limit
 * 403 (both with Retry-After), and truncated JSON bodies. Settings are read on every request, so a
 * scenario switching them takes effect at once. Rates of 0 and 1 are deterministic.
 */
final class FaultInjector {
    static final String SECONDARY_MESSAGE = "You have exceeded a secondary rate limit. Please wait a few minutes"
            + " before you try again. If you reach out to GitHub Support for help, please include the request ID %s.";
    static final String SECONDARY_DOCS =
            "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits";

    private final Supplier<FaultSettings> settings;
    private final Random random = new Random();

    FaultInjector(Supplier<FaultSettings> settings) {
        this.settings = settings;
    }

    FaultSettings current() {
        FaultSettings f = settings.get();
        return f == null ? FaultSettings.NONE : f;
    }

    Duration latency() {
        return current().latency();
    }

    /** The answer that replaces this request's real one, or null. */
    ApiResponse before(String requestId) {
        FaultSettings f = current();
        if (!f.any()) return null;
        if (hit(f.serverErrorRate())) {
            int status = f.serverErrorStatus();
            return ApiResponse.error(status, status == 503 ? "Service Unavailable" : "Server Error", ApiException.DOCS);
        }
        if (hit(f.tooManyRequestsRate())) {
            return secondary(429, f, requestId);
        }
        if (f.secondaryRateLimit()) {
            return secondary(403, f, requestId);
        }
        return null;
    }

    /** True when this successful JSON answer must go out truncated. */
    boolean corrupt() {
        return hit(current().malformedJsonRate());
    }

    private static ApiResponse secondary(int status, FaultSettings f, String requestId) {
        return ApiResponse.error(status, String.format(Locale.ROOT, SECONDARY_MESSAGE, requestId), SECONDARY_DOCS)
                .header("Retry-After", String.valueOf(f.retryAfterSeconds()));
    }

    private boolean hit(double rate) {
        if (rate <= 0) return false;
        if (rate >= 1) return true;
        synchronized (random) {
            return random.nextDouble() < rate;
        }
    }
}
