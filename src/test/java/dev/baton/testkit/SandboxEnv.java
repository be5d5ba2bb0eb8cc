package dev.baton.testkit;

import dev.baton.sandbox.Sandbox;

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

    /** The same, with baton's config, state and cache folders under home (a fresh user). */
    public static Map<String, String> of(Sandbox sandbox, Path home) {
        Map<String, String> env = of(sandbox);
        env.put("XDG_CONFIG_HOME", home.resolve("config").toString());
        env.put("XDG_STATE_HOME", home.resolve("state").toString());
        env.put("XDG_CACHE_HOME", home.resolve("cache").toString());
        return env;
    }
}
