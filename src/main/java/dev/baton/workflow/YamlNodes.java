package dev.baton.workflow;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SnakeYAML's node API with line numbers. Scalars are read as their text, so YAML 1.1's on/off/yes/no
 * never turn into booleans (the key "on" stays the triggers key). Errors are WorkflowExceptions at file:line.
 */
final class YamlNodes {
    private static final int MAX_DEPTH = 64;
    private final String file;

    YamlNodes(String file) {
        this.file = file;
    }

    Node compose(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowRecursiveKeys(false);
        options.setMaxAliasesForCollections(50);
        options.setProcessComments(false);
        try {
            return new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage().lines().findFirst().orElse("invalid YAML");
            String context = e.getContext() != null ? " (" + e.getContext() + ")" : "";
            throw new WorkflowException(file, mark == null ? 0 : mark.getLine() + 1,
                    "invalid YAML: " + problem + context + (mark == null ? "" : " at column " + (mark.getColumn() + 1)));
        } catch (YAMLException e) {
            throw new WorkflowException(file, 0, "invalid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    WorkflowException error(Node at, String message) {
        return new WorkflowException(file, line(at), message);
    }

    static int line(Node n) {
        return n == null || n.getStartMark() == null ? 0 : n.getStartMark().getLine() + 1;
    }

    static boolean isNull(Node n) {
        return n == null || (n instanceof ScalarNode s && Tag.NULL.equals(s.getTag()));
    }

    /** The entries of a mapping node in order, key text -> tuple; duplicate keys are an error as on GitHub. */
    Map<String, NodeTuple> entries(MappingNode m) {
        Map<String, NodeTuple> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            Node k = t.getKeyNode();
            if (!(k instanceof ScalarNode ks)) throw error(k, "mapping keys must be plain text");
            if (ks.getValue().equals("<<")) {
                // a YAML merge key: bring in the entries of the anchored mapping(s), explicit keys win
                for (MappingNode merged : mergeSources(t.getValueNode())) {
                    for (Map.Entry<String, NodeTuple> e : entries(merged).entrySet()) out.putIfAbsent(e.getKey(), e.getValue());
                }
                continue;
            }
            if (out.containsKey(ks.getValue()) && !isMergedIn(out.get(ks.getValue()), m)) {
                throw error(k, "duplicate key '" + ks.getValue() + "' (first at line " + line(out.get(ks.getValue()).getKeyNode()) + ")");
            }
            out.put(ks.getValue(), t);
        }
        return out;
    }

    private static boolean isMergedIn(NodeTuple existing, MappingNode m) {
        return !m.getValue().contains(existing);
    }

    private List<MappingNode> mergeSources(Node v) {
        List<MappingNode> out = new ArrayList<>();
        if (v instanceof MappingNode mm) out.add(mm);
        else if (v instanceof SequenceNode sq) {
            for (Node n : sq.getValue()) if (n instanceof MappingNode mm) out.add(mm);
        } else throw error(v, "a merge key '<<' needs a mapping");
        return out;
    }

    MappingNode mapping(Node n, String what) {
        if (n instanceof MappingNode m) return m;
        throw error(n, what + " must be a mapping" + found(n));
    }

    /** Scalar text; null for an empty/null scalar. */
    String scalar(Node n, String what) {
        if (isNull(n)) return null;
        if (n instanceof ScalarNode s) return s.getValue();
        throw error(n, what + " must be a single value" + found(n));
    }

    /** A list of scalars from a scalar (one item) or a sequence of scalars. */
    List<String> stringList(Node n, String what) {
        List<String> out = new ArrayList<>();
        if (isNull(n)) return out;
        if (n instanceof ScalarNode s) {
            out.add(s.getValue());
        } else if (n instanceof SequenceNode sq) {
            for (Node item : sq.getValue()) {
                String v = scalar(item, what + " item");
                if (v != null) out.add(v);
            }
        } else {
            throw error(n, what + " must be a name or a list of names" + found(n));
        }
        return out;
    }

    /** A string -> string mapping (env, with). A scalar (e.g. an expression) yields an empty map. */
    Map<String, String> stringMap(Node n, String what) {
        Map<String, String> out = new LinkedHashMap<>();
        if (isNull(n) || n instanceof ScalarNode) return out;
        for (Map.Entry<String, NodeTuple> e : entries(mapping(n, what)).entrySet()) {
            String v = scalar(e.getValue().getValueNode(), what + "." + e.getKey());
            out.put(e.getKey(), v == null ? "" : v);
        }
        return out;
    }

    /** Plain Java value: String (or null), List, Map<String,Object>, in file order. */
    Object value(Node n) {
        return value(n, 0);
    }

    private Object value(Node n, int depth) {
        if (depth > MAX_DEPTH) throw error(n, "nesting too deep (recursive anchor?)");
        if (isNull(n)) return null;
        if (n instanceof ScalarNode s) return s.getValue();
        if (n instanceof SequenceNode sq) {
            List<Object> out = new ArrayList<>();
            for (Node item : sq.getValue()) out.add(value(item, depth + 1));
            return out;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, NodeTuple> e : entries((MappingNode) n).entrySet()) {
            out.put(e.getKey(), value(e.getValue().getValueNode(), depth + 1));
        }
        return out;
    }

    private static String found(Node n) {
        if (n instanceof SequenceNode) return ", not a list";
        if (n instanceof MappingNode) return ", not a mapping";
        if (n instanceof ScalarNode s) return ", not '" + abbreviate(s.getValue()) + "'";
        return "";
    }

    private static String abbreviate(String s) {
        String one = s.lines().findFirst().orElse("");
        return one.length() > 40 ? one.substring(0, 40) + "..." : one;
    }
}
