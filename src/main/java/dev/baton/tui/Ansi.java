package dev.baton.tui;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a log line with ANSI SGR colour codes into segments drawn in the theme's ansi.* roles, so log
 * colours follow the theme and the colour mode; every other escape sequence is dropped.
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
                if (j >= line.length()) break;
                if (line.charAt(j) == 'm') {
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
                }
                i = j + 1;
            } else if (c == 0x1b) {
                i += 2; // a lone two-character escape
            } else {
                text.append(c < 0x20 ? (c == '\t' ? ' ' : '?') : c);
                i++;
            }
        }
        if (text.length() > 0) out.add(new Line.Seg(text.toString(), role, bold));
        return out;
    }

    /** The line without any escape sequence. */
    static String strip(String line) {
        StringBuilder sb = new StringBuilder();
        for (Line.Seg s : parse(line, "text")) sb.append(s.text());
        return sb.toString();
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
