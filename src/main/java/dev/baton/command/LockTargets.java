package dev.baton.command;

import dev.baton.model.LockLocation;
import dev.baton.model.Snapshot;
import dev.baton.model.StateLock;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Names an operator may give a lock: an environment, a lock key, a key prefix ("dev/"), s3://bucket/key.tflock, dynamodb://table/LockID. */
public final class LockTargets {
    private LockTargets() {
    }

    public static LockLocation parseUri(String uri) {
        String u = uri.trim();
        LockLocation.Kind kind;
        String rest;
        if (u.startsWith("s3://")) {
            kind = LockLocation.Kind.S3;
            rest = u.substring(5);
        } else if (u.startsWith("dynamodb://")) {
            kind = LockLocation.Kind.DYNAMODB;
            rest = u.substring(11);
        } else {
            throw new IllegalArgumentException("'" + uri + "' is not s3://BUCKET/KEY or dynamodb://TABLE/LOCKID");
        }
        int slash = rest.indexOf('/');
        if (slash <= 0) throw new IllegalArgumentException("'" + uri + "' names no key after the bucket or table");
        return new LockLocation(kind, rest.substring(0, slash), rest.substring(slash + 1), null, null);
    }

    /** Locks of the snapshot that a target names; an environment may name several (S3 and DynamoDB). */
    public static List<StateLock> match(Snapshot s, String target) {
        List<StateLock> out = new ArrayList<>();
        String t = target.toLowerCase(Locale.ROOT);
        for (StateLock l : s.locks()) {
            LockLocation loc = l.location();
            if (loc.uri().equalsIgnoreCase(target) || loc.key().equalsIgnoreCase(target)
                    || loc.environment() != null && loc.environment().toLowerCase(Locale.ROOT).equals(t)
                    || loc.key().toLowerCase(Locale.ROOT).startsWith(t.endsWith("/") ? t : t + "/")) {
                out.add(l);
            }
        }
        return out;
    }
}
