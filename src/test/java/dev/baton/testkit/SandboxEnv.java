package dev.baton.testkit;

import dev.baton.sandbox.GitHubServer;
import dev.baton.sandbox.S3Sandbox;
import dev.baton.sandbox.Sandbox;
import dev.baton.sandbox.SimEngine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The environment `baton sandbox` prints (its export lines, read as a user's shell would), for baton run in-process. */
public final class SandboxEnv {
    private SandboxEnv() {
    }

    /** GITHUB_API_URL, GH_TOKEN, AWS_* ... as exported. */
    public static Map<String, String> of(Sandbox sandbox) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : sandbox.exportLines()) {
            String kv = line.substring("export ".length());
            env.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        }
        return env;
    }

    /** The AWS SDK's S3 client as a user's script would build it from the sandbox's exports (path-style, its endpoint). */
    public static software.amazon.awssdk.services.s3.S3Client s3(Map<String, String> env) {
        return software.amazon.awssdk.services.s3.S3Client.builder()
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder().build())
                .endpointOverride(java.net.URI.create(env.get("AWS_ENDPOINT_URL_S3")))
                .region(software.amazon.awssdk.regions.Region.of(env.get("AWS_REGION")))
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY"))))
                .serviceConfiguration(software.amazon.awssdk.services.s3.S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .build();
    }

    /** The same, with baton's config, state and cache folders under home (a fresh user). */
    public static Map<String, String> of(Sandbox sandbox, Path home) {
        Map<String, String> env = of(sandbox);
        env.putAll(home(home));
        return env;
    }

    /** baton's config, state and cache folders under home: a fresh user, who shares nothing with this machine's. */
    public static Map<String, String> home(Path home) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("XDG_CONFIG_HOME", home.resolve("config").toString());
        env.put("XDG_STATE_HOME", home.resolve("state").toString());
        env.put("XDG_CACHE_HOME", home.resolve("cache").toString());
        return env;
    }

    /**
     * What baton needs to reach a sandbox's parts started one by one on loopback: its GitHub, its S3 and private XDG
     * folders under home; refresh: baton's config is written with it (null: no config, baton's default).
     */
    public static Map<String, String> loopback(GitHubServer github, String token, SimEngine engine, S3Sandbox s3, Path home,
                                               String refresh) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("GITHUB_API_URL", github.baseUrl());
        env.put("GH_TOKEN", token);
        env.put("BATON_REPO", engine.state().repo().fullName());
        env.put("AWS_ENDPOINT_URL_S3", s3.endpoint().toString());
        env.put("AWS_ACCESS_KEY_ID", s3.accessKey());
        env.put("AWS_SECRET_ACCESS_KEY", s3.secretKey());
        env.put("AWS_REGION", s3.region());
        env.putAll(home(home));
        if (refresh != null) refresh(home, refresh);
        return env;
    }

    /** Writes baton's config under home with only this refresh (what the watch engine waits between two polls). */
    public static void refresh(Path home, String refresh) throws IOException {
        Files.createDirectories(home.resolve("config/baton"));
        Files.writeString(home.resolve("config/baton/config.yaml"), "refresh: " + refresh + "\n");
    }
}
