package io.ferry.web.tasks;

import io.ferry.api.TaskService;
import io.ferry.scheduler.TaskView;
import io.ferry.web.BadRequestException;
import io.ferry.web.SandboxText;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import java.util.stream.IntStream;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code /tasks/{id}}: one task, with its status updates, timings, result or failure and the end of what it wrote to
 * stdout and stderr (one attempt at a time, with links to the others), and a button that kills it while it runs (a form, so it works without a script; the
 * operator's login and CSRF token are checked by the security chain). An unknown id gets a 404 page.
 */
@Controller
class TaskDetailController {

    private final TaskService tasks;
    private final TaskOutput output;

    TaskDetailController(TaskService tasks, TaskOutput output) {
        this.tasks = tasks;
        this.output = output;
    }

    /** {@code ?attempt=n} shows that attempt's output; the latest's without it. */
    @GetMapping("/tasks/{id}")
    String detail(@PathVariable String id, @RequestParam(required = false) String attempt, Model model,
                  HttpServletResponse response) {
        Optional<TaskView> task = tasks.task(id);
        if (task.isEmpty()) {
            return missing(id, model, response);
        }
        int shown;
        try {
            shown = TaskOutput.attempt(task.get(), attempt);
        } catch (BadRequestException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.field() + ": " + e.getMessage());
        }
        model.addAttribute("task", task.get());
        model.addAttribute("times", TimeText.now());
        model.addAttribute("output", output.tails(task.get(), shown, SandboxText.MAX_LENGTH));
        model.addAttribute("attemptNumbers", IntStream.rangeClosed(1, task.get().attempts()).boxed().toList());
        return "tasks/detail";
    }

    /** Kills the task, then shows its page again (post, redirect, get), saying what happened. */
    @PostMapping("/tasks/{id}/kill")
    String kill(@PathVariable String id, Model model, HttpServletResponse response, RedirectAttributes redirect) {
        switch (KillOutcome.kill(tasks, id)) {
            case UNKNOWN -> {
                return missing(id, model, response);
            }
            case FINISHED -> redirect.addFlashAttribute("message", "Task " + id + " had already finished");
            case KILLING -> redirect.addFlashAttribute("message", "Killing task " + id);
        }
        return "redirect:/tasks/{id}";
    }

    private static String missing(String id, Model model, HttpServletResponse response) {
        response.setStatus(HttpStatus.NOT_FOUND.value());
        model.addAttribute("id", id);
        return "tasks/missing";
    }
}
