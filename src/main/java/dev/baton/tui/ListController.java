package dev.baton.tui;

/** What the list panes (Groups, Locks, Events) share: a {@link ListPane} holds their rows, selection and filter. */
abstract class ListController implements PaneController {
    protected final View view;
    protected final ListPane list;

    ListController(View view, ListPane list) {
        this.view = view;
        this.list = list;
    }

    ListPane list() {
        return list;
    }

    @Override
    public String boxTitle() {
        return list.decoratedTitle();
    }

    @Override
    public String tabCount() {
        return " " + list.count();
    }

    @Override
    public void draw(Canvas c, Rect area, boolean focused) {
        list.draw(c, area, focused);
    }

    @Override
    public void move(int delta) {
        list.move(delta);
    }

    @Override
    public void home() {
        list.home();
    }

    @Override
    public void end() {
        list.end();
    }

    @Override
    public Filter filter() {
        return list.filter();
    }

    @Override
    public void setFilter(Filter f) {
        list.setFilter(f);
    }

    /** The payload of the selected row, or null. */
    protected Object selected() {
        Line sel = list.selectedLine();
        return sel == null ? null : sel.payload();
    }

    static final String[][] BROWSE = {{"Enter", "open"}, {"t", "timeline"}, {"/", "filter"}, {":", "cmd"}, {"Tab", "pane"}, {"?", "help"}, {"q", "quit"}};

    @Override
    public String[][] hints(boolean readOnly) {
        return BROWSE;
    }
}
