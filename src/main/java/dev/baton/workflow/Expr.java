package dev.baton.workflow;

import java.util.List;

/** Parsed expression tree (package-private; {@link Expressions} is the public face). */
sealed interface Expr {
    record Literal(Object value) implements Expr { }

    /** A top-level context name such as github or matrix. */
    record Context(String name, int column) implements Expr { }

    /** target.name */
    record Property(Expr target, String name) implements Expr { }

    /** target.* or target[*]: turns an object or array into a filtered array. */
    record Star(Expr target) implements Expr { }

    /** target[index] */
    record Index(Expr target, Expr index) implements Expr { }

    record Not(Expr operand) implements Expr { }

    /** ==, !=, <, <=, >, >= */
    record Compare(String op, Expr left, Expr right) implements Expr { }

    /** a && b && c as one node: a chain of any length is one level deep, not one level per term. */
    record And(List<Expr> operands) implements Expr {
        public And {
            operands = List.copyOf(operands);
        }
    }

    /** a || b || c as one node, like {@link And}. */
    record Or(List<Expr> operands) implements Expr {
        public Or {
            operands = List.copyOf(operands);
        }
    }

    /** name is the canonical (documented) spelling, e.g. startsWith. */
    record Call(String name, List<Expr> args, int column) implements Expr { }
}
