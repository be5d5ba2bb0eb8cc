package dev.baton.model;

/**
 * Where a state lock lives. For S3, container is the bucket and key the .tflock object key; for
 * DynamoDB, container is the table and key the LockID. environment/workspace are labels, may be null.
 */
public record LockLocation(Kind kind, String container, String key, String environment, String workspace) {
    public enum Kind { S3, DYNAMODB }

    public String uri() {
        return (kind == Kind.S3 ? "s3://" : "dynamodb://") + container + "/" + key;
    }

    @Override
    public String toString() {
        return uri();
    }
}
