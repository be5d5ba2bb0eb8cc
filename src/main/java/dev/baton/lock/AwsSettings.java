package dev.baton.lock;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * How to reach AWS (or an S3/DynamoDB-compatible store), from the standard environment:
 * the default credential chain (or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY[/AWS_SESSION_TOKEN] when
 * given), AWS_REGION (AWS_DEFAULT_REGION, the profile's region, else us-east-1), and
 * AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL_DYNAMODB / AWS_ENDPOINT_URL. Clients use the
 * url-connection HTTP client and short timeouts so an unreachable store fails in seconds.
 */
public record AwsSettings(String region, URI s3Endpoint, URI dynamoEndpoint, AwsCredentialsProvider credentials) {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
    static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(25);

    public static AwsSettings fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /** env: the process environment, or a map standing for one. Bad endpoint URLs fail with reason CONFIG. */
    public static AwsSettings fromEnvironment(Map<String, String> env) {
        String region = firstNonBlank(env.get("AWS_REGION"), env.get("AWS_DEFAULT_REGION"));
        if (region == null) region = regionFromChain();
        URI common = endpoint(env, "AWS_ENDPOINT_URL");
        URI s3 = endpoint(env, "AWS_ENDPOINT_URL_S3");
        URI dynamo = endpoint(env, "AWS_ENDPOINT_URL_DYNAMODB");
        return new AwsSettings(region, s3 != null ? s3 : common, dynamo != null ? dynamo : common, credentials(env));
    }

    /** The same settings for another region (a backend's own region). */
    public AwsSettings withRegion(String newRegion) {
        return newRegion == null || newRegion.isBlank() ? this : new AwsSettings(newRegion, s3Endpoint, dynamoEndpoint, credentials);
    }

    public S3Client s3Client() {
        var builder = S3Client.builder()
                .httpClient(httpClient())
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .overrideConfiguration(overrides())
                // S3-compatible stores often reject the SDK's default streaming checksums (aws-chunked trailers).
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (s3Endpoint != null) {
            // Over plain http the SDK signs uploads chunk by chunk (aws-chunked); S3-compatible stores
            // handle that poorly (s3proxy breaks the kept-alive connection). Lock bodies are tiny: sign whole.
            builder.endpointOverride(s3Endpoint).forcePathStyle(true)
                    .serviceConfiguration(c -> c.chunkedEncodingEnabled(false));
        } else {
            // the bucket may live in another region than AWS_REGION
            builder.crossRegionAccessEnabled(true);
        }
        return builder.build();
    }

    public DynamoDbClient dynamoClient() {
        var builder = DynamoDbClient.builder()
                .httpClient(httpClient())
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .overrideConfiguration(overrides());
        if (dynamoEndpoint != null) builder.endpointOverride(dynamoEndpoint);
        return builder.build();
    }

    private static SdkHttpClient httpClient() {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(CONNECT_TIMEOUT)
                .socketTimeout(READ_TIMEOUT)
                .build();
    }

    private static ClientOverrideConfiguration overrides() {
        return ClientOverrideConfiguration.builder()
                .apiCallAttemptTimeout(ATTEMPT_TIMEOUT)
                .apiCallTimeout(CALL_TIMEOUT)
                .build();
    }

    private static AwsCredentialsProvider credentials(Map<String, String> env) {
        String key = firstNonBlank(env.get("AWS_ACCESS_KEY_ID"));
        String secret = firstNonBlank(env.get("AWS_SECRET_ACCESS_KEY"));
        if (key != null && secret != null) {
            String token = firstNonBlank(env.get("AWS_SESSION_TOKEN"));
            return StaticCredentialsProvider.create(token == null
                    ? AwsBasicCredentials.create(key, secret)
                    : AwsSessionCredentials.create(key, secret, token));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    private static String regionFromChain() {
        try {
            return DefaultAwsRegionProviderChain.builder().build().getRegion().id();
        } catch (RuntimeException e) {
            return "us-east-1";
        }
    }

    private static URI endpoint(Map<String, String> env, String name) {
        String value = firstNonBlank(env.get(name));
        if (value == null) return null;
        try {
            URI uri = new URI(value);
            if (uri.getScheme() == null || uri.getHost() == null
                    || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw new java.net.URISyntaxException(value, "expected http(s)://host[:port]");
            }
            return uri;
        } catch (java.net.URISyntaxException e) {
            throw new LockStoreException(LockStoreException.Reason.CONFIG, name, "not a valid endpoint URL '" + value + "' (expected http(s)://host[:port])");
        }
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) if (v != null && !v.isBlank()) return v.trim();
        return null;
    }

    @Override
    public String toString() {
        // never print credentials
        return "AwsSettings[region=" + region + ", s3Endpoint=" + s3Endpoint + ", dynamoEndpoint=" + dynamoEndpoint + "]";
    }
}
