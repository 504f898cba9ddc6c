package io.ferry.web.executors;

import io.ferry.sandbox.SandboxFileException;
import io.ferry.web.BadRequestException;
import io.ferry.web.ReadParameters;
import io.ferry.web.SandboxText;
import io.ferry.web.TextChunk;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The executors pages: the list of runs, and one run with its stdout or stderr, the end first and earlier pieces on
 * demand ({@code ?offset=}); everything shows without JavaScript, which only adds following the file as it grows.
 */
@Controller
class ExecutorsController {

    private final ExecutorRuns runs;
    private final ExecutorLogs logs;

    ExecutorsController(ExecutorRuns runs, ExecutorLogs logs) {
        this.runs = runs;
        this.logs = logs;
    }

    @GetMapping("/executors")
    String list(Model model) {
        model.addAttribute("runs", runs.all().stream().map(RunRow::of).toList());
        return "executors";
    }

    /**
     * One run and its log. An executor id rather than a run's (the task pages link a task's executor so, with its
     * agent: {@code /executors/ferry-abc?agent=S1}) goes to that executor's newest run, on that agent if named.
     */
    @GetMapping("/executors/{id}")
    String run(@PathVariable String id, @RequestParam(defaultValue = "stdout") String file,
               @RequestParam(required = false) String offset, @RequestParam(required = false) String agent,
               Model model, RedirectAttributes redirect) {
        LogFile which;
        Long from;
        try {
            which = LogFile.of(file);
            from = ReadParameters.offset(offset);
        } catch (BadRequestException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.field() + ": " + e.getMessage());
        }
        Optional<ExecutorRun> found = runs.find(id);
        if (found.isEmpty()) {
            Optional<ExecutorRun> newest = runs.newestOf(id, agent);
            if (newest.isPresent()) {
                redirect.addAttribute("run", newest.get().id());
                redirect.addAttribute("file", which.fileName());
                return "redirect:/executors/{run}";
            }
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no executor run " + id);
        }
        ExecutorRun run = found.get();
        model.addAttribute("run", RunRow.of(run));
        model.addAttribute("file", which.fileName());
        try {
            TextChunk chunk = from == null ? logs.tail(run, which, SandboxText.MAX_LENGTH)
                    : logs.read(run, which, from, SandboxText.MAX_LENGTH);
            model.addAttribute("chunk", chunk);
            model.addAttribute("earlier", Math.max(0, chunk.offset() - SandboxText.MAX_LENGTH));
        } catch (SandboxFileException e) {
            // The run's details still help (where its sandbox is); the log's absence is said where it would be.
            model.addAttribute("logProblem", e.notFound()
                    ? "The agent has no " + which.fileName() + " for this run (yet)." : e.getMessage());
        } catch (BadRequestException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.field() + ": " + e.getMessage());
        }
        return "executor";
    }
}
