package io.ferry.web.tasks;

import io.ferry.api.TaskService;
import io.ferry.samples.Batches;
import io.ferry.scheduler.TaskPhase;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * {@code /tasks}: running and recent tasks, filtered by state, text or batch, a page at a time; with the progress of
 * the batch when the list is one batch's. A bad filter value is shown beside its field, with a 400.
 */
@Controller
class TaskListController {

    private final TaskService tasks;
    private final Batches batches;

    TaskListController(TaskService tasks, Batches batches) {
        this.tasks = tasks;
        this.batches = batches;
    }

    @GetMapping("/tasks")
    String list(@Valid @ModelAttribute("filter") TaskFilter filter, BindingResult errors, Model model,
                HttpServletResponse response) {
        model.addAttribute("times", TimeText.now());
        model.addAttribute("phases", TaskPhase.values());
        if (errors.hasErrors()) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("page", TaskListPage.none());
            return "tasks/list";
        }
        model.addAttribute("page", TaskListPage.find(tasks, filter));
        if (filter.batch() != null && !filter.batch().isBlank()) {
            batches.get(filter.batch().strip())
                    .ifPresent(batch -> model.addAttribute("batch", BatchProgress.of(batch, tasks)));
        }
        return "tasks/list";
    }
}
