package dev.baton.workflow;

/**
 * Reads Terraform backend settings from a backend .hcl file (flat "key = value" lines, as given to
 * -backend-config) or from a terraform { backend "s3" { ... } } block.
 */
public final class BackendParser {
    private BackendParser() {
    }

    /** environment: a label, e.g. "prod" from backend-prod.hcl; null derives it from the file name. */
    public static BackendConfig parse(String file, String text, String environment) {
        throw new UnsupportedOperationException("not yet");
    }
}
