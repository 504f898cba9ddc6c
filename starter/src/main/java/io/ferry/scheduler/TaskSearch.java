package io.ferry.scheduler;

import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Answers a {@link TaskQuery} from the published views, on the caller's thread: one pass over them collects the
 * matches (references only, no copy of a view), then a selection puts the slice's tasks in place without sorting the
 * rest (Hoare's selection: linear on average, whichever page is asked for), and only the slice is sorted. A page of
 * a history of 100,000 tasks costs a few milliseconds; the loop thread does nothing for it.
 */
final class TaskSearch {

    /** Unfinished first (what an operator watches), then newest first; the id breaks ties in submission order. */
    static final Comparator<TaskView> ORDER = Comparator.<TaskView>comparingInt(v -> v.phase().isTerminal() ? 1 : 0)
            .thenComparing(TaskView::submitted, Comparator.reverseOrder())
            .thenComparing(TaskView::id, TaskSearch::compareIdsDescending);

    private static final TaskPhase[] PHASES = TaskPhase.values();

    private TaskSearch() {
    }

    static TaskMatches find(Collection<TaskView> views, TaskQuery query) {
        int[] byPhase = new int[PHASES.length];
        // Sized for all (the views may grow meanwhile): one array of references, no copy on the way.
        TaskView[] all = new TaskView[Math.max(16, views.size())];
        int total = 0;
        for (TaskView view : views) {
            if (!matches(view, query)) {
                continue;
            }
            byPhase[view.phase().ordinal()]++;
            if (query.phases().isEmpty() || query.phases().contains(view.phase())) {
                if (total == all.length) {
                    all = Arrays.copyOf(all, total * 2);
                }
                all[total++] = view;
            }
        }
        int from = Math.min(query.offset(), total);
        int to = (int) Math.min(total, (long) query.offset() + query.limit());
        List<TaskView> slice = List.of();
        if (from < to) {
            select(all, 0, total, from);
            select(all, from, total, to - 1);
            Arrays.sort(all, from, to, ORDER);
            slice = Arrays.asList(all).subList(from, to);
        }
        Map<TaskPhase, Integer> counts = new EnumMap<>(TaskPhase.class);
        for (TaskPhase phase : PHASES) {
            if (byPhase[phase.ordinal()] > 0) {
                counts.put(phase, byPhase[phase.ordinal()]);
            }
        }
        return new TaskMatches(slice, total, counts);
    }

    /**
     * Rearranges {@code a[from, to)} so that {@code a[k]} is the task that sorting would put there, those before it
     * come before it in {@link #ORDER} and those after it after: Hoare's selection with a random pivot.
     */
    static void select(TaskView[] a, int from, int to, int k) {
        int lo = from;
        int hi = to - 1;
        while (lo < hi) {
            TaskView pivot = a[lo + ThreadLocalRandom.current().nextInt(hi - lo + 1)];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (ORDER.compare(a[i], pivot) < 0) {
                    i++;
                }
                while (ORDER.compare(a[j], pivot) > 0) {
                    j--;
                }
                if (i <= j) {
                    TaskView t = a[i];
                    a[i++] = a[j];
                    a[j--] = t;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return; // between j and i: equal to the pivot, in place
            }
        }
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

    /**
     * Case-insensitive {@code contains}, without lower-casing (and copying) every name of the history: the first
     * character is compared first, the rest only where it matches.
     */
    static boolean contains(String haystack, String needle) {
        if (haystack == null) {
            return false;
        }
        if (needle.isEmpty()) {
            return true;
        }
        char lower = Character.toLowerCase(needle.charAt(0));
        char upper = Character.toUpperCase(needle.charAt(0));
        int last = haystack.length() - needle.length();
        for (int i = 0; i <= last; i++) {
            char c = haystack.charAt(i);
            if ((c == lower || c == upper) && haystack.regionMatches(true, i + 1, needle, 1, needle.length() - 1)) {
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
