package dev.baton.sandbox;

import software.amazon.awssdk.services.s3.S3Client;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * How to build a {@link SimEngine}.
 * speed: sim seconds per real second; 0 = manual clock (tests advance it). start: sim time at start.
 * overlays: repository variants applied over the default repository (e.g. "queue-max").
 * extraFiles: path -> text added or replacing (null removes), applied last.
 * durations: step duration overrides by kind key ("apply", "init", ...) or by step name.
 * autoApproveAfter: approve every pending deployment after this sim delay; null = only on request.
 * s3: the client Terraform steps use (the engine does not close it); null = no state backend, so a
 * Terraform step that needs one fails as Terraform would without credentials.
 * apiUrl: what github.api_url shows in contexts. seed: for runner names and lock IDs.
 * repo: which repository of a fleet this engine plays (owner/name, ids, variables); null = the default
 * repository (acme/sentiment-analyzer), exactly as a single-repository sandbox has it.
 */
public record EngineOptions(double speed, Instant start, List<String> overlays, Map<String, String> extraFiles,
                            Map<String, Duration> durations, Duration autoApproveAfter, S3Client s3,
                            String apiUrl, long seed, FleetRepo repo) {
    public static final Instant DEFAULT_START = Instant.parse("2026-11-26T14:00:00Z");

    public EngineOptions {
        if (speed < 0 || Double.isNaN(speed) || Double.isInfinite(speed)) throw new IllegalArgumentException("speed must be >= 0, got " + speed);
        start = start == null ? DEFAULT_START : start;
        overlays = overlays == null ? List.of() : List.copyOf(overlays);
        extraFiles = extraFiles == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(extraFiles));
        durations = durations == null ? Map.of() : Map.copyOf(durations);
        apiUrl = apiUrl == null ? "https://api.github.com" : apiUrl;
    }

    /** Manual clock at {@link #DEFAULT_START}, default repository, no S3. */
    public static EngineOptions manual() {
        return new EngineOptions(0, DEFAULT_START, List.of(), Map.of(), Map.of(), null, null, null, 1, null);
    }

    /** Scaled clock starting now (rounded to the second). */
    public static EngineOptions realtime(double speed) {
        return new EngineOptions(speed, Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS), List.of(), Map.of(),
                Map.of(), null, null, null, System.nanoTime(), null);
    }

    public EngineOptions withSpeed(double s) {
        return new EngineOptions(s, start, overlays, extraFiles, durations, autoApproveAfter, s3, apiUrl, seed, repo);
    }

    public EngineOptions withStart(Instant t) {
        return new EngineOptions(speed, t, overlays, extraFiles, durations, autoApproveAfter, s3, apiUrl, seed, repo);
    }

    public EngineOptions withOverlays(List<String> o) {
        return new EngineOptions(speed, start, o, extraFiles, durations, autoApproveAfter, s3, apiUrl, seed, repo);
    }

    public EngineOptions withExtraFiles(Map<String, String> f) {
        return new EngineOptions(speed, start, overlays, f, durations, autoApproveAfter, s3, apiUrl, seed, repo);
    }

    public EngineOptions withDurations(Map<String, Duration> d) {
        return new EngineOptions(speed, start, overlays, extraFiles, d, autoApproveAfter, s3, apiUrl, seed, repo);
    }

    public EngineOptions withAutoApproveAfter(Duration d) {
        return new EngineOptions(speed, start, overlays, extraFiles, durations, d, s3, apiUrl, seed, repo);
    }

    public EngineOptions withS3(S3Client c) {
        return new EngineOptions(speed, start, overlays, extraFiles, durations, autoApproveAfter, c, apiUrl, seed, repo);
    }

    public EngineOptions withApiUrl(String u) {
        return new EngineOptions(speed, start, overlays, extraFiles, durations, autoApproveAfter, s3, u, seed, repo);
    }

    /** Seeds runner names and lock IDs (each repository of a fleet its own). */
    public EngineOptions withSeed(long s) {
        return new EngineOptions(speed, start, overlays, extraFiles, durations, autoApproveAfter, s3, apiUrl, s, repo);
    }

    /** The fleet repository this engine plays (null: the default repository). */
    public EngineOptions withRepo(FleetRepo r) {
        return new EngineOptions(speed, start, overlays, extraFiles, durations, autoApproveAfter, s3, apiUrl, seed, r);
    }
}
