package dev.baton.workflow;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads realistic files from src/test/resources. */
public final class Fixtures {
    private Fixtures() {
    }

    public static String read(String resource) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/" + resource)) {
            if (in == null) throw new IllegalArgumentException("no test resource " + resource);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A workflow of the reference pipeline (deployment-concurrency.md), e.g. "deploy-prod.yml". */
    public static WorkflowSpec pipeline(String file) {
        String path = ".github/workflows/" + file;
        return WorkflowParser.parse(path, read("workflows/pipeline/" + path));
    }
}
