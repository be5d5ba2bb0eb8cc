package dev.baton.tui;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TextColor;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A named set of roles (what is shown) mapped to colours, as read from a theme file, resolved for one
 * {@link ColorMode}. Styling on Lanterna's Screen API is ours: Lanterna's own themes only style gui2.
 */
public final class Theme {
    /** One role as written in the file: colour strings in Lanterna's syntax, null when not given. */
    public record RoleSpec(String fg, String bg, Boolean bold, Boolean reverse, Boolean underline) {
    }

    /** A resolved role: colours already converted for the colour mode. */
    public record Style(TextColor fg, TextColor bg, EnumSet<SGR> sgr) {
    }

    private final String name;
    private final Map<String, RoleSpec> roles;
    private final ColorMode mode;
    private final Map<String, Style> cache = new HashMap<>();

    public Theme(String name, Map<String, RoleSpec> roles, ColorMode mode) {
        this.name = name;
        this.roles = new LinkedHashMap<>(roles);
        this.mode = mode;
        // fail at load time with the role named, not while drawing
        this.roles.forEach((role, spec) -> {
            check(role, spec.fg());
            check(role, spec.bg());
        });
    }

    private void check(String role, String colour) {
        if (colour == null) return;
        try {
            TextColor.Factory.fromString(colour);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("theme " + name + ": role " + role + ": unknown colour '" + colour + "'");
        }
    }

    public String name() {
        return name;
    }

    public ColorMode mode() {
        return mode;
    }

    public Theme withMode(ColorMode other) {
        return new Theme(name, roles, other);
    }

    /** The style of a role; "a.b" falls back to "a", then to "text". */
    public Style style(String role) {
        Style s = cache.get(role);
        if (s == null) {
            s = resolve(role);
            cache.put(role, s);
        }
        return s;
    }

    private Style resolve(String role) {
        RoleSpec base = roles.getOrDefault("text", new RoleSpec(null, null, null, null, null));
        String fg = null, bg = null;
        Boolean bold = null, reverse = null, underline = null;
        for (String r = role; r != null; r = parent(r)) {
            RoleSpec spec = roles.get(r);
            if (spec == null) continue;
            if (fg == null) fg = spec.fg();
            if (bg == null) bg = spec.bg();
            if (bold == null) bold = spec.bold();
            if (reverse == null) reverse = spec.reverse();
            if (underline == null) underline = spec.underline();
        }
        if (fg == null) fg = base.fg();
        if (bg == null) bg = base.bg();
        EnumSet<SGR> sgr = EnumSet.noneOf(SGR.class);
        if (Boolean.TRUE.equals(bold)) sgr.add(SGR.BOLD);
        if (Boolean.TRUE.equals(reverse)) sgr.add(SGR.REVERSE);
        if (Boolean.TRUE.equals(underline)) sgr.add(SGR.UNDERLINE);
        if (mode == ColorMode.NONE) {
            // without colours a highlighted background would vanish: show it as reverse video instead
            if (bg != null && !bg.equals(base.bg()) && !"default".equalsIgnoreCase(bg)) sgr.add(SGR.REVERSE);
            return new Style(TextColor.ANSI.DEFAULT, TextColor.ANSI.DEFAULT, sgr);
        }
        return new Style(convert(parse(fg)), convert(parse(bg)), sgr);
    }

    private static String parent(String role) {
        if (role.equals("text")) return null;
        int dot = role.lastIndexOf('.');
        return dot < 0 ? "text" : role.substring(0, dot);
    }

    private static TextColor parse(String colour) {
        return colour == null ? TextColor.ANSI.DEFAULT : TextColor.Factory.fromString(colour);
    }

    TextColor convert(TextColor c) {
        switch (mode) {
            case TRUECOLOR:
                return c;
            case INDEXED_256:
                return c instanceof TextColor.RGB ? TextColor.Indexed.fromRGB(c.getRed(), c.getGreen(), c.getBlue()) : c;
            case ANSI_16:
                return c instanceof TextColor.ANSI ? c : nearestAnsi(c.getRed(), c.getGreen(), c.getBlue());
            default:
                return TextColor.ANSI.DEFAULT;
        }
    }

    /** Nearest of the 16 basic colours by RGB distance (their xterm defaults). */
    static TextColor.ANSI nearestAnsi(int r, int g, int b) {
        TextColor.ANSI best = TextColor.ANSI.WHITE;
        long bestD = Long.MAX_VALUE;
        for (TextColor.ANSI a : TextColor.ANSI.values()) {
            if (a == TextColor.ANSI.DEFAULT) continue;
            long dr = a.getRed() - r, dg = a.getGreen() - g, db = a.getBlue() - b;
            long d = dr * dr + dg * dg + db * db;
            if (d < bestD) {
                bestD = d;
                best = a;
            }
        }
        return best;
    }
}
