package dev.baton.command;

import dev.baton.lock.BackendProbe;
import dev.baton.lock.LockScope;
import dev.baton.lock.ProbeReport;
import dev.baton.model.LockLocation;
import dev.baton.model.Snapshot;
import dev.baton.model.StateLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;

@Mutating
@Command(name = "probe-lock", description = "Check that a lock store enforces exclusivity and conditional deletes (on a scratch key)")
final class ProbeLockCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "TARGET", description = "environment, lock key or lock URI (its bucket or table is probed)")
    String target;

    @Override
    protected Result execute() {
        LockLocation loc;
        if (target.startsWith("s3://") || target.startsWith("dynamodb://")) {
            loc = LockTargets.parseUri(target);
        } else {
            Snapshot s = baton.snapshot();
            List<StateLock> m = LockTargets.match(s, target);
            if (m.isEmpty()) {
                // no lock held now: the environment's (or key's) declared lock location is probed all the same
                var declared = Declared.declaredLock(baton, target);
                if (declared.isEmpty()) {
                    Result unknown = Declared.checkLockTargets("probe-lock", baton, s, List.of(target));
                    if (unknown != null) return unknown;
                    throw new IllegalArgumentException("no lock location known for '" + target + "'; give s3://BUCKET/KEY");
                }
                loc = declared.get();
            } else {
                loc = m.get(0).location();
            }
        }
        ProbeReport r = new BackendProbe(baton.lockStore(loc.kind())).probe(LockScope.of(loc.container(), ""));
        new Guard(baton, io).journal().append("probe-lock", loc.container(), null, null, r.safe() ? "safe" : "unsafe", r.summary());
        return new Result(r.safe() ? Exit.OK : Exit.CHECK_FAILED, r.summary(), r);
    }
}
