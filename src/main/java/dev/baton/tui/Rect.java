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

    /**
     * Where a pop-up or dialog of the wanted width goes: centred, with a column of margin each side while
     * there is room; one that would leave a single column or none takes the whole width, so no cell of the
     * pane under it shows at its edge (at 80 columns a 78-wide box left a stray letter in column 80).
     */
    static int boxWidth(int cols, int wanted) {
        int w = Math.max(4, Math.min(cols, wanted));
        return w > cols - 2 ? cols : w;
    }
}
