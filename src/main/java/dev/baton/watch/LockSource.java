package dev.baton.watch;

import dev.baton.model.StateLock;

import java.util.List;

/** A place locks are listed from (one S3 bucket prefix, one DynamoDB table). Throws with a one-line message. */
public interface LockSource {
    /** A short label for health lines, e.g. "s3://bucket" or "dynamodb://table". */
    String name();

    List<StateLock> list();
}
