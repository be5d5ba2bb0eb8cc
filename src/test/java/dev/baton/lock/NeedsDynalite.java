package dev.baton.lock;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;

/**
 * A test class that needs dynalite. Without it the class is reported skipped, with the reason and how to
 * install it - not "Tests run: 0" as an abort in @BeforeAll was. Under CI=true it runs and fails instead:
 * .ci/run installs dynalite, so a missing one there is a broken build, never a silent skip.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(NeedsDynalite.Condition.class)
public @interface NeedsDynalite {
    final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (Files.exists(Dynalite.cli()) || "true".equalsIgnoreCase(System.getenv("CI"))) {
                return ConditionEvaluationResult.enabled("dynalite at " + Dynalite.cli());
            }
            return ConditionEvaluationResult.disabled("dynalite is not installed in " + Dynalite.installDir()
                    + ": run .ci/install-test-deps (or set BATON_DYNALITE)");
        }
    }
}
