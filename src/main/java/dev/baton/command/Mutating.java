package dev.baton.command;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a command that changes the world (unlock, cancel, dispatch, rapid-fire...). Read-only mode refuses
 * every such command in one place ({@link Commands}); a test enumerates the registry so none slips through.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Mutating {
}
