package dev.baton.sandbox;

import java.time.Duration;

/**
 * API faults switched on by scenarios or tests; the HTTP layer reads them on every request.
 * Rates are probabilities 0..1 (1 = every request). latency: extra real-time delay per request.
 * serverErrorStatus: 500, 502 or 503. tooManyRequestsRate: answer 429 with Retry-After retryAfterSeconds.
 * secondaryRateLimit: answer 403 "You have exceeded a secondary rate limit" with Retry-After.
 * malformedJsonRate: send a truncated JSON body with status 200.
 */
public record FaultSettings(Duration latency, double serverErrorRate, int serverErrorStatus,
                            double tooManyRequestsRate, int retryAfterSeconds, boolean secondaryRateLimit,
                            double malformedJsonRate) {
    public static final FaultSettings NONE = new FaultSettings(Duration.ZERO, 0, 502, 0, 60, false, 0);

    public FaultSettings {
        latency = latency == null ? Duration.ZERO : latency;
        if (serverErrorStatus == 0) serverErrorStatus = 502;
        if (retryAfterSeconds <= 0) retryAfterSeconds = 60;
    }

    public boolean any() {
        return !latency.isZero() || serverErrorRate > 0 || tooManyRequestsRate > 0 || secondaryRateLimit
                || malformedJsonRate > 0;
    }

    public FaultSettings withLatency(Duration d) {
        return new FaultSettings(d, serverErrorRate, serverErrorStatus, tooManyRequestsRate, retryAfterSeconds, secondaryRateLimit, malformedJsonRate);
    }

    public FaultSettings withServerErrors(double rate, int status) {
        return new FaultSettings(latency, rate, status, tooManyRequestsRate, retryAfterSeconds, secondaryRateLimit, malformedJsonRate);
    }

    public FaultSettings withTooManyRequests(double rate, int retryAfter) {
        return new FaultSettings(latency, serverErrorRate, serverErrorStatus, rate, retryAfter, secondaryRateLimit, malformedJsonRate);
    }

    /**
     * A scenario's retry-after is story time; clients wait on the wall clock, so at speed the header says it in real
     * seconds (30 s at speed 5: 6 s; at least 1). Speed 0 (a manual clock) or 1: as written.
     */
    public FaultSettings retryAfterAtSpeed(double speed) {
        if (!(speed > 1)) return this;
        return withTooManyRequests(tooManyRequestsRate, (int) Math.max(1, Math.ceil(retryAfterSeconds / speed)));
    }

    public FaultSettings withSecondaryRateLimit(boolean on) {
        return new FaultSettings(latency, serverErrorRate, serverErrorStatus, tooManyRequestsRate, retryAfterSeconds, on, malformedJsonRate);
    }

    public FaultSettings withMalformedJson(double rate) {
        return new FaultSettings(latency, serverErrorRate, serverErrorStatus, tooManyRequestsRate, retryAfterSeconds, secondaryRateLimit, rate);
    }
}
