package io.ferry.scheduler;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Answers a {@link TaskQuery} from the published views, on the caller's thread: one pass over them, keeping only the
 * best {@code offset + limit} in a bounded heap rather than sorting them all, so a page of a history of 100,000 tasks
 * costs one scan and no copy of the history. The loop thread does nothing for it.
 */
final class TaskSearch {

    /** Unfinished first (what an operator watches), then newest first; the id breaks ties in submission order. */
    static final Comparator<TaskView> ORDER = Comparator.<TaskView>comparingInt(v -> v.phase().isTerminal() ? 1 : 0)
            .thenComparing(TaskView::submitted, Comparator.reverseOrder())
            .thenComparing(TaskView::id, TaskSearch::compareIdsDescending);

    private TaskSearch() {
    }

    static TaskMatches find(Collection<TaskView> views, TaskQuery query) {
        int wanted = (int) Math.min(Integer.MAX_VALUE, (long) query.offset() + query.limit());
        // The heap's head is the worst task kept, so a better one replaces it.
        PriorityQueue<TaskView> best = new PriorityQueue<>(Math.max(1, Math.min(wanted, 1024)), ORDER.reversed());
        Map<TaskPhase, Integer> byPhase = new EnumMap<>(TaskPhase.class);
        int total = 0;
        for (TaskView view : views) {
            if (!matches(view, query)) {
                continue;
            }
            byPhase.merge(view.phase(), 1, Integer::sum);
            if (!query.phases().isEmpty() && !query.phases().contains(view.phase())) {
                continue;
            }
            total++;
            if (best.size() < wanted) {
                best.add(view);
            } else if (wanted > 0 && ORDER.compare(view, best.peek()) < 0) {
                best.poll();
                best.add(view);
            }
        }
        List<TaskView> sorted = new ArrayList<>(best);
        sorted.sort(ORDER);
        List<TaskView> slice = query.offset() >= sorted.size() ? List.of()
                : sorted.subList(query.offset(), sorted.size());
        return new TaskMatches(slice, total, byPhase);
    }

    /** The text and the label; the phases are checked apart, so that every phase is counted. */
    private static boolean matches(TaskView view, TaskQuery query) {
        if (query.labelKey() != null && !query.labelValue().equals(view.labels().get(query.labelKey()))) {
            return false;
        }
        String text = query.text();
        if (text == null) {
            return true;
        }
        int eq = text.indexOf('=');
        if (eq > 0) {
            String key = text.substring(0, eq).strip();
            String value = text.substring(eq + 1).strip();
            for (Map.Entry<String, String> label : view.labels().entrySet()) {
                if (label.getKey().equalsIgnoreCase(key) && contains(label.getValue(), value)) {
                    return true;
                }
            }
            return false;
        }
        if (contains(view.id(), text) || contains(view.name(), text)) {
            return true;
        }
        for (Map.Entry<String, String> label : view.labels().entrySet()) {
            if (contains(label.getKey(), text) || contains(label.getValue(), text)) {
                return true;
            }
        }
        return false;
    }

    /** Case-insensitive {@code contains}, without lower-casing (and copying) every name of the history. */
    static boolean contains(String haystack, String needle) {
        if (haystack == null) {
            return false;
        }
        int last = haystack.length() - needle.length();
        for (int i = 0; i <= last; i++) {
            if (haystack.regionMatches(true, i, needle, 0, needle.length())) {
                return true;
            }
        }
        return false;
    }

    /** Ids of one run share a prefix and end in a sequence number: a longer one is newer, then the larger. */
    private static int compareIdsDescending(String a, String b) {
        return a.length() != b.length() ? Integer.compare(b.length(), a.length()) : b.compareTo(a);
    }
}
