package dev.baton.tui;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a log line with ANSI SGR colour codes into segments drawn in the theme's ansi.* roles, so log
 * colours follow the theme and the colour mode. Every other escape sequence (a cursor move, a screen
 * clear, an OSC 52 clipboard write) and every other control character is shown as text the way
 * {@link Text#printable} shows it: ESC as {@code \x1b}, so `\x1b[2J` is seen, not obeyed.
 */
final class Ansi {
    private static final String[] NAMES = {"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"};

    private Ansi() {
    }

    static List<Line.Seg> parse(String line, String baseRole) {
        List<Line.Seg> out = new ArrayList<>();
        String role = baseRole;
        boolean bold = false;
        StringBuilder text = new StringBuilder();
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == 0x1b && i + 1 < line.length() && line.charAt(i + 1) == '[') {
                int j = i + 2;
                while (j < line.length() && (line.charAt(j) < 0x40 || line.charAt(j) > 0x7e)) j++;
                if (j >= line.length() || line.charAt(j) != 'm' || !sgrParameters(line, i + 2, j)) {
                    // not a colour: shown, up to its final byte (or the end of an unterminated one)
                    int end = Math.min(j + 1, line.length());
                    for (int k = i; k < end; k++) Text.append(text, line.charAt(k));
                    i = end;
                    continue;
                }
                if (text.length() > 0) {
                    out.add(new Line.Seg(text.toString(), role, bold));
                    text.setLength(0);
                }
                String[] codes = line.substring(i + 2, j).split(";", -1);
                for (int k = 0; k < codes.length; k++) {
                    int n = codes[k].isEmpty() ? 0 : parseInt(codes[k]);
                    if (n == 0) {
                        role = baseRole;
                        bold = false;
                    } else if (n == 1) {
                        bold = true;
                    } else if (n == 22) {
                        bold = false;
                    } else if (n >= 30 && n <= 37) {
                        role = "ansi." + NAMES[n - 30];
                    } else if (n >= 90 && n <= 97) {
                        role = "ansi.bright_" + NAMES[n - 90];
                    } else if (n == 39) {
                        role = baseRole;
                    } else if (n == 38 || n == 48) {
                        // 38;5;N and 38;2;R;G;B: the first 16 indexes map to roles, the rest keep the base colour
                        if (k + 2 < codes.length && codes[k + 1].equals("5")) {
                            int idx = parseInt(codes[k + 2]);
                            if (n == 38 && idx >= 0 && idx < 8) role = "ansi." + NAMES[idx];
                            else if (n == 38 && idx >= 8 && idx < 16) role = "ansi.bright_" + NAMES[idx - 8];
                            k += 2;
                        } else if (k + 4 < codes.length && codes[k + 1].equals("2")) {
                            k += 4;
                        }
                    }
                }
                i = j + 1;
            } else {
                Text.append(text, c); // a lone ESC (OSC, charset...) is shown, and what follows it as text
                i++;
            }
        }
        if (text.length() > 0) out.add(new Line.Seg(text.toString(), role, bold));
        return out;
    }

    /** The line without its colour codes, every other escape shown as text. */
    static String strip(String line) {
        StringBuilder sb = new StringBuilder();
        for (Line.Seg s : parse(line, "text")) sb.append(s.text());
        return sb.toString();
    }

    /** Only digits, ';' and ':' between "ESC [" and "m": a colour, nothing else hidden in it. */
    private static boolean sgrParameters(String line, int from, int to) {
        for (int k = from; k < to; k++) {
            char c = line.charAt(k);
            if ((c < '0' || c > '9') && c != ';' && c != ':') return false;
        }
        return true;
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
