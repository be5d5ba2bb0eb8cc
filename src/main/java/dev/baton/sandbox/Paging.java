package dev.baton.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * GitHub's two pagination styles. Page style (page, per_page; default 30, at most 100) answers a
 * Link header with first/prev/next/last. Cursor style (per_page, after, before) orders items by a
 * key and hands out opaque cursors, so an item that vanished between requests does not shift pages.
 */
public final class Paging {
    static final int DEFAULT_PER_PAGE = 30;
    static final int MAX_PER_PAGE = 100;

    /** One page of items; link is the Link header value, null when everything fits on one page. */
    public record Page<T>(List<T> items, int totalCount, String link) {
        /** Adds the Link header (if any) to an answer. */
        public ApiResponse linked(ApiResponse response) {
            if (link != null) response.header("Link", link);
            return response;
        }
    }

    private Paging() {
    }

    public static int perPage(ApiRequest req) {
        int n = req.intQuery("per_page", DEFAULT_PER_PAGE);
        if (n < 1) return DEFAULT_PER_PAGE;
        return Math.min(n, MAX_PER_PAGE);
    }

    /** Page-number pagination of an already ordered list. */
    public static <T> Page<T> pages(List<T> all, ApiRequest req) {
        int perPage = perPage(req);
        int page = Math.max(1, req.intQuery("page", 1));
        int last = Math.max(1, (all.size() + perPage - 1) / perPage);
        int from = (int) Math.min((long) (page - 1) * perPage, all.size());
        int to = Math.min(from + perPage, all.size());
        List<T> items = all.subList(from, to);

        List<String> rels = new ArrayList<>();
        if (page > 1) {
            rels.add(link(req, Map.of("page", String.valueOf(Math.min(page - 1, last))), "prev"));
        }
        if (page < last) {
            rels.add(link(req, Map.of("page", String.valueOf(page + 1)), "next"));
            rels.add(link(req, Map.of("page", String.valueOf(last)), "last"));
        }
        if (page > 1) {
            rels.add(link(req, Map.of("page", "1"), "first"));
        }
        return new Page<>(List.copyOf(items), all.size(), rels.isEmpty() ? null : String.join(", ", rels));
    }

    /**
     * Cursor pagination: items are ordered by key; "after" returns those with a greater key,
     * "before" the last per_page with a smaller key.
     */
    public static <T> Page<T> cursor(List<T> all, Function<T, String> key, ApiRequest req) {
        int perPage = perPage(req);
        List<T> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparing(key));
        String after = decodeCursor(req.query("after"), "after");
        String before = decodeCursor(req.query("before"), "before");
        int from = 0;
        int to = sorted.size();
        if (after != null) {
            while (from < to && key.apply(sorted.get(from)).compareTo(after) <= 0) from++;
        }
        if (before != null) {
            int end = from;
            while (end < to && key.apply(sorted.get(end)).compareTo(before) < 0) end++;
            to = end;
            from = Math.max(from, to - perPage);
        } else {
            to = Math.min(from + perPage, to);
        }
        List<T> items = List.copyOf(sorted.subList(from, to));

        List<String> rels = new ArrayList<>();
        if (to < sorted.size() && !items.isEmpty()) {
            rels.add(cursorLink(req, "after", key.apply(items.get(items.size() - 1)), "next"));
        }
        if (from > 0 && !items.isEmpty()) {
            rels.add(cursorLink(req, "before", key.apply(items.get(0)), "prev"));
        }
        return new Page<>(items, sorted.size(), rels.isEmpty() ? null : String.join(", ", rels));
    }

    public static String encodeCursor(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("k:" + key).getBytes(StandardCharsets.UTF_8));
    }

    static String decodeCursor(String cursor, String name) {
        if (cursor == null) return null;
        try {
            String s = new String(Base64.getUrlDecoder().decode(cursor.trim()), StandardCharsets.UTF_8);
            if (s.startsWith("k:")) return s.substring(2);
        } catch (IllegalArgumentException e) {
            // fall through to the error below
        }
        throw ApiException.unprocessable("Invalid '" + name + "' cursor: " + cursor);
    }

    private static String cursorLink(ApiRequest req, String param, String key, String rel) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("after", null);
        q.put("before", null);
        q.put(param, encodeCursor(key));
        return "<" + req.urlWith(q) + ">; rel=\"" + rel + "\"";
    }

    private static String link(ApiRequest req, Map<String, String> q, String rel) {
        return "<" + req.urlWith(q) + ">; rel=\"" + rel + "\"";
    }
}
