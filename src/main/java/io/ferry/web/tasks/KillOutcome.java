package io.ferry.web.tasks;

import io.ferry.api.TaskService;

/** What asking to kill a task came to: the same rules for the page's button and the API. */
enum KillOutcome {
    /** It was queued or running: it is being killed (a queued one never runs). */
    KILLING,
    /** It had finished already: nothing to kill. */
    FINISHED,
    /** No such task (or history no longer has it). */
    UNKNOWN;

    static KillOutcome kill(TaskService tasks, String id) {
        if (tasks.task(id).isEmpty()) {
            return UNKNOWN;
        }
        return tasks.cancel(id) ? KILLING : FINISHED;
    }
}
