package dev.baton.tui;

import com.googlecode.lanterna.input.KeyStroke;

/** "Quit baton?" after Ctrl-C: y, Enter or Ctrl-C again quits, any other key stays. */
final class QuitQuestion implements Modal {
    private final Popup box = Popup.ofText("Quit?", "Quit baton? y / Enter: quit, any other key: stay", false);
    private final Runnable quit;
    private final Runnable stay;

    QuitQuestion(Runnable quit, Runnable stay) {
        this.quit = quit;
        this.stay = stay;
    }

    @Override
    public boolean key(KeyStroke k, String name) {
        if (name.equals("y") || name.equals("Y") || name.equals("Enter") || name.equals("Ctrl-C")) quit.run();
        else stay.run();
        return false;
    }

    @Override
    public void draw(Canvas c, int cols, int rows) {
        box.draw(c, cols, rows);
    }
}
