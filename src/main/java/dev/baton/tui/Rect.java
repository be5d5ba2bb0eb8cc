package dev.baton.tui;

/** A screen area in cells. */
record Rect(int x, int y, int w, int h) {
    boolean empty() {
        return w <= 0 || h <= 0;
    }

    /** The area inside a one-cell border. */
    Rect inner() {
        return new Rect(x + 1, y + 1, Math.max(0, w - 2), Math.max(0, h - 2));
    }

    int bottom() {
        return y + h;
    }

    int right() {
        return x + w;
    }
}
